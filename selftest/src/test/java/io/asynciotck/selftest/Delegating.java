package io.asynciotck.selftest;

import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.api.transport.WriteTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Wrappers that forward every call; a broken implementation overrides the one it breaks. */
final class Delegating {

    private Delegating() {
    }

    static class Stream implements StreamTransport {
        final StreamTransport delegate;

        Stream(StreamTransport delegate) {
            this.delegate = delegate;
        }

        @Override public void close() { delegate.close(); }
        @Override public Object getExtraInfo(String name, Object defaultValue) { return delegate.getExtraInfo(name, defaultValue); }
        @Override public void pauseReading() { delegate.pauseReading(); }
        @Override public void resumeReading() { delegate.resumeReading(); }
        @Override public void abort() { delegate.abort(); }
        @Override public boolean canWriteEof() { return delegate.canWriteEof(); }
        @Override public void write(byte[] data) { delegate.write(data); }
        @Override public void writelines(Iterable<byte[]> data) { delegate.writelines(data); }
        @Override public void writeEof() { delegate.writeEof(); }
        @Override public long getWriteBufferSize() { return delegate.getWriteBufferSize(); }
        @Override public WriteBufferLimits getWriteBufferLimits() { return delegate.getWriteBufferLimits(); }
        @Override public void setWriteBufferLimits(Long high, Long low) { delegate.setWriteBufferLimits(high, low); }
    }

    static class StreamCallbacks implements Protocol<StreamTransport> {
        final Protocol<? super StreamTransport> delegate;

        StreamCallbacks(Protocol<? super StreamTransport> delegate) {
            this.delegate = delegate;
        }

        @Override public void connectionMade(StreamTransport transport) { delegate.connectionMade(transport); }
        @Override public void connectionLost(Exception exc) { delegate.connectionLost(exc); }
        @Override public void pauseWriting() { delegate.pauseWriting(); }
        @Override public void resumeWriting() { delegate.resumeWriting(); }
        @Override public void dataReceived(byte[] data) { delegate.dataReceived(data); }
        @Override public boolean eofReceived() { return delegate.eofReceived(); }
    }

    static class Datagram implements DatagramTransport {
        final DatagramTransport delegate;

        Datagram(DatagramTransport delegate) {
            this.delegate = delegate;
        }

        @Override public void close() { delegate.close(); }
        @Override public Object getExtraInfo(String name, Object defaultValue) { return delegate.getExtraInfo(name, defaultValue); }
        @Override public void sendto(byte[] data, SocketAddress addr) { delegate.sendto(data, addr); }
        @Override public void abort() { delegate.abort(); }
        @Override public long getWriteBufferSize() { return delegate.getWriteBufferSize(); }
        @Override public WriteBufferLimits getWriteBufferLimits() { return delegate.getWriteBufferLimits(); }
        @Override public void setWriteBufferLimits(Long high, Long low) { delegate.setWriteBufferLimits(high, low); }
    }

    static class DatagramCallbacks implements DatagramProtocol {
        final DatagramProtocol delegate;

        DatagramCallbacks(DatagramProtocol delegate) {
            this.delegate = delegate;
        }

        @Override public void connectionMade(DatagramTransport transport) { delegate.connectionMade(transport); }
        @Override public void connectionLost(Exception exc) { delegate.connectionLost(exc); }
        @Override public void pauseWriting() { delegate.pauseWriting(); }
        @Override public void resumeWriting() { delegate.resumeWriting(); }
        @Override public void datagramReceived(byte[] data, SocketAddress addr) { delegate.datagramReceived(data, addr); }
        @Override public void errorReceived(IOException exc) { delegate.errorReceived(exc); }
    }

    static class Subprocess implements SubprocessTransport {
        final SubprocessTransport delegate;

        Subprocess(SubprocessTransport delegate) {
            this.delegate = delegate;
        }

        @Override public void close() { delegate.close(); }
        @Override public Object getExtraInfo(String name, Object defaultValue) { return delegate.getExtraInfo(name, defaultValue); }
        @Override public long getPid() { return delegate.getPid(); }
        @Override public BaseTransport getPipeTransport(int fd) { return delegate.getPipeTransport(fd); }
        @Override public Integer getReturncode() { return delegate.getReturncode(); }
        @Override public void kill() { delegate.kill(); }
        @Override public void sendSignal(int signal) { delegate.sendSignal(signal); }
        @Override public void terminate() { delegate.terminate(); }
    }

    static class SubprocessCallbacks implements SubprocessProtocol {
        final SubprocessProtocol delegate;

        SubprocessCallbacks(SubprocessProtocol delegate) {
            this.delegate = delegate;
        }

        @Override public void connectionMade(SubprocessTransport transport) { delegate.connectionMade(transport); }
        @Override public void connectionLost(Exception exc) { delegate.connectionLost(exc); }
        @Override public void pauseWriting() { delegate.pauseWriting(); }
        @Override public void resumeWriting() { delegate.resumeWriting(); }
        @Override public void pipeDataReceived(int fd, byte[] data) { delegate.pipeDataReceived(fd, data); }
        @Override public void pipeConnectionLost(int fd, Exception exc) { delegate.pipeConnectionLost(fd, exc); }
        @Override public void processExited() { delegate.processExited(); }
    }

    static class ReadPipe implements ReadTransport {
        final ReadTransport delegate;

        ReadPipe(ReadTransport delegate) {
            this.delegate = delegate;
        }

        @Override public void close() { delegate.close(); }
        @Override public Object getExtraInfo(String name, Object defaultValue) { return delegate.getExtraInfo(name, defaultValue); }
        @Override public void pauseReading() { delegate.pauseReading(); }
        @Override public void resumeReading() { delegate.resumeReading(); }
    }

    static class WritePipe implements WriteTransport {
        final WriteTransport delegate;

        WritePipe(WriteTransport delegate) {
            this.delegate = delegate;
        }

        @Override public void close() { delegate.close(); }
        @Override public Object getExtraInfo(String name, Object defaultValue) { return delegate.getExtraInfo(name, defaultValue); }
        @Override public void abort() { delegate.abort(); }
        @Override public boolean canWriteEof() { return delegate.canWriteEof(); }
        @Override public void write(byte[] data) { delegate.write(data); }
        @Override public void writelines(Iterable<byte[]> data) { delegate.writelines(data); }
        @Override public void writeEof() { delegate.writeEof(); }
        @Override public long getWriteBufferSize() { return delegate.getWriteBufferSize(); }
        @Override public WriteBufferLimits getWriteBufferLimits() { return delegate.getWriteBufferLimits(); }
        @Override public void setWriteBufferLimits(Long high, Long low) { delegate.setWriteBufferLimits(high, low); }
    }

    static class Server implements io.asynciotck.api.loop.Server {
        final io.asynciotck.api.loop.Server delegate;

        Server(io.asynciotck.api.loop.Server delegate) {
            this.delegate = delegate;
        }

        @Override public List<InetSocketAddress> addresses() { return delegate.addresses(); }
        @Override public void close() { delegate.close(); }
        @Override public CompletableFuture<Void> waitClosed() { return delegate.waitClosed(); }
        @Override public boolean isServing() { return delegate.isServing(); }
    }
}
