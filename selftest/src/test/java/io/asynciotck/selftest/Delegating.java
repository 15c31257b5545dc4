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

        /**
         * A stream transport whose writing goes through {@code writeSide} (a {@link WritePipe} wrapping
         * {@code delegate}, say), and everything else straight to {@code delegate}: one change of the
         * write side, for streams and write pipes alike.
         */
        static Stream writingThrough(StreamTransport delegate, WriteTransport writeSide) {
            return new Stream(delegate) {
                @Override public void abort() { writeSide.abort(); }
                @Override public boolean canWriteEof() { return writeSide.canWriteEof(); }
                @Override public void write(byte[] data) { writeSide.write(data); }
                @Override public void writelines(Iterable<byte[]> data) { writeSide.writelines(data); }
                @Override public void writeEof() { writeSide.writeEof(); }
                @Override public long getWriteBufferSize() { return writeSide.getWriteBufferSize(); }
                @Override public WriteBufferLimits getWriteBufferLimits() { return writeSide.getWriteBufferLimits(); }
                @Override public void setWriteBufferLimits(Long high, Long low) { writeSide.setWriteBufferLimits(high, low); }
            };
        }
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

    /** The callbacks of a pipe's protocol (read or write pipe). */
    static class PipeCallbacks<T extends BaseTransport> implements Protocol<T> {
        final Protocol<? super T> delegate;

        PipeCallbacks(Protocol<? super T> delegate) {
            this.delegate = delegate;
        }

        @Override public void connectionMade(T transport) { delegate.connectionMade(transport); }
        @Override public void connectionLost(Exception exc) { delegate.connectionLost(exc); }
        @Override public void pauseWriting() { delegate.pauseWriting(); }
        @Override public void resumeWriting() { delegate.resumeWriting(); }
        @Override public void dataReceived(byte[] data) { delegate.dataReceived(data); }
        @Override public boolean eofReceived() { return delegate.eofReceived(); }
    }

    /**
     * Stream callbacks that give the application a transport whose {@code close()} or {@code abort()}
     * may call the application's {@code connectionLost(None)} at once, inside the call
     * ({@link #losesAtOnce}); the reference's own {@code connectionLost} then is not passed on.
     */
    abstract static class LosingAtOnce extends StreamCallbacks {
        private boolean lost;

        LosingAtOnce(Protocol<? super StreamTransport> delegate) {
            super(delegate);
        }

        /** Whether {@code close()} ({@code aborting} false) or {@code abort()} loses the connection at once. */
        abstract boolean losesAtOnce(StreamTransport transport, boolean aborting);

        @Override
        public void connectionMade(StreamTransport transport) {
            delegate.connectionMade(new Stream(transport) {
                @Override
                public void close() {
                    boolean now = losesAtOnce(delegate, false);
                    delegate.close();
                    if (now) {
                        lose(null);
                    }
                }

                @Override
                public void abort() {
                    boolean now = losesAtOnce(delegate, true);
                    delegate.abort();
                    if (now) {
                        lose(null);
                    }
                }
            });
        }

        @Override
        public void connectionLost(Exception exc) {
            lose(exc);
        }

        private void lose(Exception exc) {
            if (!lost) {
                lost = true;
                delegate.connectionLost(exc);
            }
        }
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

        /** A subprocess transport whose stdin transport (fd 0) is what {@code stdin} makes of the reference's, made once. */
        static Subprocess withStdin(SubprocessTransport delegate, java.util.function.UnaryOperator<WriteTransport> stdin) {
            return new Subprocess(delegate) {
                private WriteTransport wrapped;

                @Override
                public BaseTransport getPipeTransport(int fd) {
                    BaseTransport transport = delegate.getPipeTransport(fd);
                    if (fd != 0 || !(transport instanceof WriteTransport pipe)) {
                        return transport;
                    }
                    if (wrapped == null) {
                        wrapped = stdin.apply(pipe);
                    }
                    return wrapped;
                }
            };
        }
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

    /**
     * What a broken implementation answers for one piece of extra information, from what the reference
     * answers ({@code info}, the default when it has none) and the caller's default.
     */
    interface InfoReplacement {
        Object replace(Object info, Object defaultValue);
    }

    /** The stream transport with {@code get_extra_info(name)} replaced. */
    static StreamTransport replacingInfo(StreamTransport reference, String name, InfoReplacement replacement) {
        return new Stream(reference) {
            @Override
            public Object getExtraInfo(String asked, Object defaultValue) {
                return info(delegate, asked, defaultValue, name, replacement);
            }
        };
    }

    /** The read pipe with {@code get_extra_info(name)} replaced. */
    static ReadTransport replacingInfo(ReadTransport reference, String name, InfoReplacement replacement) {
        return new ReadPipe(reference) {
            @Override
            public Object getExtraInfo(String asked, Object defaultValue) {
                return info(delegate, asked, defaultValue, name, replacement);
            }
        };
    }

    /** The write pipe with {@code get_extra_info(name)} replaced. */
    static WriteTransport replacingInfo(WriteTransport reference, String name, InfoReplacement replacement) {
        return new WritePipe(reference) {
            @Override
            public Object getExtraInfo(String asked, Object defaultValue) {
                return info(delegate, asked, defaultValue, name, replacement);
            }
        };
    }

    /** The subprocess transport with {@code get_extra_info(name)} replaced. */
    static SubprocessTransport replacingInfo(SubprocessTransport reference, String name, InfoReplacement replacement) {
        return new Subprocess(reference) {
            @Override
            public Object getExtraInfo(String asked, Object defaultValue) {
                return info(delegate, asked, defaultValue, name, replacement);
            }
        };
    }

    private static Object info(BaseTransport delegate, String asked, Object defaultValue, String name,
                               InfoReplacement replacement) {
        Object info = delegate.getExtraInfo(asked, defaultValue);
        return asked.equals(name) ? replacement.replace(info, defaultValue) : info;
    }
}
