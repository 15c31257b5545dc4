package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.Server;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteFlowControl;
import io.asynciotck.api.transport.WriteTransport;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.ExceptionInfo;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one dispatcher of {@link Call}s onto the Java API, used for reactions, probes and
 * {@code invokeAll}: maps the asyncio method names of {@link Call#METHODS} onto a transport or a
 * {@link Server}, converting arguments from and results to neutral values, and answers the
 * {@link Call#DRIVER_METHODS} itself. Must run on the loop thread.
 *
 * <p>Arguments: {@code byte[]} as is, {@link Values.Placeholder#RECEIVED_DATA} and
 * {@link Values.Placeholder#RECEIVED_ADDRESS} as what the current {@code data_received} or
 * {@code datagram_received} received, {@link Values.BufferSizePlus} as the write buffer size at call
 * time plus the delta, a {@link Values.Address} as an {@link InetSocketAddress}, integral numbers as
 * {@code long}. A value Java's types cannot take (a string for {@code write}) fails in the driver with
 * {@link ErrorKind#INVALID_TYPE}, as the compiler would refuse it; {@code null} is passed on to the
 * implementation.
 *
 * <p>Errors the implementation raises become failed outcomes (see {@link Errors}); a method unknown to
 * the driver or not offered by the target fails as {@code OTHER/UnknownMethod}, a malformed script as
 * {@code OTHER/ScriptError}.
 */
final class TransportCalls {

    /**
     * The value of {@code server_wait_closed}: a future the session awaits off the loop thread. Only
     * servers return it, so it never appears in a recorded event.
     */
    record Pending(CompletableFuture<?> future) {
    }

    /**
     * What the current callback received, for the placeholders of its reactions.
     *
     * @param data {@link Values.Placeholder#RECEIVED_DATA}
     * @param from {@link Values.Placeholder#RECEIVED_ADDRESS}, as the implementation passed it to
     *             {@code datagram_received}; null in {@code data_received}
     */
    record Received(byte[] data, SocketAddress from) {
    }

    private final Targets targets;
    private final Object target;
    private final Call call;
    private final Received received;

    private TransportCalls(Targets targets, Object target, Call call, Received received) {
        this.targets = targets;
        this.target = target;
        this.call = call;
        this.received = received;
    }

    /**
     * Performs {@code call} on {@code target} (a transport or a server).
     *
     * @param received what the placeholders stand for; null outside {@code data_received} and
     *                 {@code datagram_received}
     */
    static Outcome invoke(Object target, Call call, Received received) {
        return invoke(null, target, call, received);
    }

    /**
     * Performs {@code call} on {@code target}; {@code get_pipe_transport} registers the pipe transport
     * it returns in {@code targets} and yields its id ({@code c1/0}). Without targets (null),
     * {@code get_pipe_transport} is refused as {@code OTHER/UnknownTarget}.
     */
    static Outcome invoke(Targets targets, Object target, Call call, Received received) {
        try {
            return Outcome.ok(new TransportCalls(targets, target, call, received).dispatch());
        } catch (DriverRefusal refusal) {
            return Outcome.failed(new ExceptionInfo(ErrorKind.OTHER, refusal.type, refusal.getMessage()));
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable error) {
            return Outcome.failed(Errors.of(error));
        }
    }

    private Object dispatch() {
        return switch (call.method()) {
            case "write" -> {
                as(WriteTransport.class).write(bytes(arg(0)));
                yield null;
            }
            case "writelines" -> {
                as(WriteTransport.class).writelines(iterable(arg(0)));
                yield null;
            }
            case "write_eof" -> {
                as(WriteTransport.class).writeEof();
                yield null;
            }
            case "can_write_eof" -> as(WriteTransport.class).canWriteEof();
            case "close" -> {
                as(BaseTransport.class).close();
                yield null;
            }
            case "abort" -> {
                abort();
                yield null;
            }
            case "get_extra_info" -> NeutralValues.of(call.args().size() > 1
                    ? as(BaseTransport.class).getExtraInfo((String) arg(0), arg(1))
                    : as(BaseTransport.class).getExtraInfo((String) arg(0)));
            case "get_write_buffer_size" -> as(WriteFlowControl.class).getWriteBufferSize();
            case "get_write_buffer_limits" -> {
                var limits = as(WriteFlowControl.class).getWriteBufferLimits();
                yield List.of(limits.low(), limits.high());
            }
            case "set_write_buffer_limits" -> {
                setWriteBufferLimits();
                yield null;
            }
            case "pause_reading" -> {
                as(ReadTransport.class).pauseReading();
                yield null;
            }
            case "resume_reading" -> {
                as(ReadTransport.class).resumeReading();
                yield null;
            }
            case "sendto" -> {
                sendto();
                yield null;
            }
            case "get_pid" -> as(SubprocessTransport.class).getPid();
            case "get_returncode" -> {
                Integer code = as(SubprocessTransport.class).getReturncode();
                yield code == null ? null : code.longValue();
            }
            case "kill" -> {
                as(SubprocessTransport.class).kill();
                yield null;
            }
            case "terminate" -> {
                as(SubprocessTransport.class).terminate();
                yield null;
            }
            case "send_signal" -> {
                SubprocessTransport transport = as(SubprocessTransport.class);
                transport.sendSignal(toInt(arg(0)));
                yield null;
            }
            case "get_pipe_transport" -> pipeTransport();
            case "server_close" -> {
                as(Server.class).close();
                yield null;
            }
            case "server_wait_closed" -> new Pending(as(Server.class).waitClosed());
            case "server_addresses" -> NeutralValues.of(as(Server.class).addresses());
            case "current_thread" -> Thread.currentThread().getName();
            case "returned_pair" -> targets == null ? null : targets.returnedPair(target);
            default -> throw new DriverRefusal("UnknownMethod", "the driver knows no method '" + call.method() + "'");
        };
    }

    /** {@code get_pipe_transport(fd)}: the pipe transport's target id, registered now, or null. */
    private String pipeTransport() {
        SubprocessTransport transport = as(SubprocessTransport.class);
        int fd = toInt(arg(0));
        BaseTransport pipe = transport.getPipeTransport(fd);
        if (pipe == null) {
            return null;
        }
        if (targets == null) {
            throw new DriverRefusal("UnknownTarget", "get_pipe_transport(" + fd + ") has no session to register the pipe in");
        }
        String id = targets.addPipe(transport, fd, pipe);
        if (id == null) {
            throw new DriverRefusal("UnknownTarget", "get_pipe_transport(" + fd + ") on a subprocess transport without an id");
        }
        return id;
    }

    private void abort() {
        if (target instanceof DatagramTransport datagram) {
            datagram.abort();
        } else {
            as(WriteTransport.class).abort();
        }
    }

    /** {@code sendto(data, addr)}; an absent or null address is {@code sendto(data)}. */
    private void sendto() {
        DatagramTransport transport = as(DatagramTransport.class);
        byte[] data = bytes(arg(0));
        Object address = call.args().size() > 1 ? arg(1) : null;
        if (address == null) {
            transport.sendto(data);
        } else {
            transport.sendto(data, address instanceof Values.Address neutral
                    ? NeutralValues.socketAddress(neutral) : (SocketAddress) address);
        }
    }

    private void setWriteBufferLimits() {
        WriteFlowControl transport = as(WriteFlowControl.class);
        int given = call.args().size();
        if (given == 0) {
            transport.setWriteBufferLimits();
        } else if (given == 1 && arg(0) != null) {
            transport.setWriteBufferLimits(toLong(arg(0)));
        } else {
            transport.setWriteBufferLimits(toLong(arg(0)), given > 1 ? toLong(arg(1)) : null);
        }
    }

    /** The target as {@code type}, or an {@code UnknownMethod} refusal naming what the target is. */
    private <T> T as(Class<T> type) {
        if (type.isInstance(target)) {
            return type.cast(target);
        }
        String what = target == null ? "no target" : "a " + Errors.typeName(target.getClass());
        throw new DriverRefusal("UnknownMethod", call.method() + " is not a method of " + what
                + " (it needs a " + type.getSimpleName() + ")");
    }

    /** Argument {@code index}, with the placeholders resolved now. */
    private Object arg(int index) {
        if (index >= call.args().size()) {
            throw new DriverRefusal("ScriptError", call.method() + " needs at least " + (index + 1) + " argument(s), got " + call);
        }
        Object value = call.args().get(index);
        if (value == Values.Placeholder.RECEIVED_DATA) {
            if (received == null) {
                throw new DriverRefusal("ScriptError",
                        "RECEIVED_DATA is only defined in data_received and datagram_received: " + call);
            }
            return received.data();
        }
        if (value == Values.Placeholder.RECEIVED_ADDRESS) {
            if (received == null || received.from() == null) {
                throw new DriverRefusal("ScriptError", "RECEIVED_ADDRESS is only defined in datagram_received: " + call);
            }
            return received.from();
        }
        if (value instanceof Values.BufferSizePlus plus) {
            return as(WriteFlowControl.class).getWriteBufferSize() + plus.delta();
        }
        return value;
    }

    private static byte[] bytes(Object value) {
        return (byte[]) value;
    }

    /** An integral argument as an int: a non-number fails as INVALID_TYPE, one out of range as INVALID_VALUE. */
    private static int toInt(Object value) {
        long number = ((Number) value).longValue();
        if (number != (int) number) {
            throw new IllegalArgumentException(number + " is out of the range of an int");
        }
        return (int) number;
    }

    private static Long toLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    /** The iterable of {@code writelines}: built in the shape a {@link Values.DataSequence} asks for. */
    @SuppressWarnings("unchecked")
    private static Iterable<byte[]> iterable(Object value) {
        if (!(value instanceof Values.DataSequence sequence)) {
            return (Iterable<byte[]>) value;
        }
        return switch (sequence.shape()) {
            case LIST -> new ArrayList<>(sequence.items());
            case TUPLE -> new ArrayDeque<>(sequence.items());
            case GENERATOR -> new OneShotIterable(sequence.items());
        };
    }

    /**
     * Java's counterpart of a Python generator: not a {@link java.util.Collection}, items handed out one
     * at a time, and a second iteration finds it exhausted.
     */
    static final class OneShotIterable implements Iterable<byte[]> {
        private List<byte[]> remaining;

        OneShotIterable(List<byte[]> items) {
            this.remaining = items;
        }

        @Override
        public Iterator<byte[]> iterator() {
            List<byte[]> items = remaining;
            remaining = List.of();
            return items.isEmpty() ? Collections.emptyIterator() : items.iterator();
        }

        @Override
        public String toString() {
            return "generator";
        }
    }

    /** The driver, not the implementation, refused the call. */
    private static final class DriverRefusal extends RuntimeException {
        private final String type;

        DriverRefusal(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }
}
