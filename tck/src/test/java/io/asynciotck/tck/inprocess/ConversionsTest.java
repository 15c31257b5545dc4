package io.asynciotck.tck.inprocess;

import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.ExceptionInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The neutral conversions of the in-process driver: values, errors and the iterable shapes. */
class ConversionsTest {

    @Test
    void javaExceptionsMapToErrorKinds() {
        assertThat(Errors.of(new IllegalArgumentException("bad"))).isEqualTo(
                new ExceptionInfo(ErrorKind.INVALID_VALUE, "IllegalArgumentException", "bad"));
        assertThat(Errors.of(new NullPointerException()).kind()).isEqualTo(ErrorKind.INVALID_TYPE);
        assertThat(Errors.of(new ClassCastException()).kind()).isEqualTo(ErrorKind.INVALID_TYPE);
        assertThat(Errors.of(new IllegalStateException()).kind()).isEqualTo(ErrorKind.INVALID_STATE);
        assertThat(Errors.of(new UnsupportedOperationException()).kind()).isEqualTo(ErrorKind.UNSUPPORTED);
        assertThat(Errors.of(new ConnectException("refused"))).isEqualTo(
                new ExceptionInfo(ErrorKind.OS_ERROR, "ConnectException", "refused"));
        assertThat(Errors.of(new RuntimeException("x")).kind()).isEqualTo(ErrorKind.OTHER);
    }

    @Test
    void wrappersOfFuturesAndUncheckedIoAreUnwrapped() {
        IOException reset = new IOException("Connection reset");
        ExceptionInfo expected = new ExceptionInfo(ErrorKind.OS_ERROR, "IOException", "Connection reset");

        assertThat(Errors.of(new CompletionException(reset))).isEqualTo(expected);
        assertThat(Errors.of(new ExecutionException(reset))).isEqualTo(expected);
        assertThat(Errors.of(new CompletionException(new UncheckedIOException(reset)))).isEqualTo(expected);
    }

    @Test
    void anonymousExceptionsAreNamedByTheirClassName() {
        RuntimeException anonymous = new RuntimeException() {
        };

        assertThat(Errors.of(anonymous).type()).isEqualTo(anonymous.getClass().getName());
    }

    @Test
    void valuesBecomeNeutral() {
        byte[] data = {1, 2};

        assertThat(NeutralValues.of(null)).isNull();
        assertThat(NeutralValues.of("x")).isEqualTo("x");
        assertThat(NeutralValues.of(true)).isEqualTo(true);
        assertThat(NeutralValues.of(data)).isSameAs(data);
        assertThat(NeutralValues.of(7)).isEqualTo(7L);
        assertThat(NeutralValues.of(7L)).isEqualTo(7L);
        assertThat(NeutralValues.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080)))
                .isEqualTo(new Values.Address("127.0.0.1", 8080));
        assertThat(NeutralValues.of(InetSocketAddress.createUnresolved("example.org", 1)))
                .isEqualTo(new Values.Address("example.org", 1));
        assertThat(NeutralValues.of(new ExtraInfo.CipherInfo("TLS_AES_128_GCM_SHA256", "TLSv1.3", 128)))
                .isEqualTo(List.of("TLS_AES_128_GCM_SHA256", "TLSv1.3", 128L));
        assertThat(NeutralValues.of(List.of(1, "a"))).isEqualTo(List.of(1L, "a"));
        assertThat(NeutralValues.of(new Object())).isEqualTo(new Values.Opaque("Object"));
    }

    @Test
    void objectsOfTheKindsTheExtraInformationNamesSayTheirKind() throws Exception {
        try (java.nio.channels.SocketChannel socket = java.nio.channels.SocketChannel.open();
             java.nio.channels.DatagramChannel datagram = java.nio.channels.DatagramChannel.open()) {
            java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
            try {
                assertThat(NeutralValues.kind(socket)).isEqualTo("socket");
                assertThat(NeutralValues.kind(datagram)).isEqualTo("socket");
                assertThat(NeutralValues.kind(pipe.source())).isEqualTo("pipe");
                assertThat(NeutralValues.kind(pipe.sink())).isEqualTo("pipe");
            } finally {
                pipe.source().close();
                pipe.sink().close();
            }
        }
        assertThat(NeutralValues.kind(javax.net.ssl.SSLContext.getDefault())).isEqualTo("ssl_context");
        assertThat(NeutralValues.kind(ProcessHandle.current())).isEqualTo("process");
        assertThat(NeutralValues.kind(javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters())).isNull();
        assertThat(NeutralValues.kind(42L)).isNull();
        assertThat(NeutralValues.of(ProcessHandle.current())).isInstanceOfSatisfying(Values.Opaque.class,
                object -> assertThat(object.kind()).isEqualTo("process"));
    }

    @Test
    void aGeneratorIsALazyOneShotIterableThatIsNotACollection() {
        byte[] a = {1};
        byte[] b = {2};
        Iterable<byte[]> generator = new TransportCalls.OneShotIterable(List.of(a, b));

        assertThat(generator).isNotInstanceOf(Collection.class);
        List<byte[]> first = new ArrayList<>();
        generator.forEach(first::add);
        assertThat(first).containsExactly(a, b);
        assertThat(generator.iterator().hasNext()).isFalse();
    }

    @Test
    void callsTheTargetDoesNotOfferAreUnknownMethods() {
        assertThat(TransportCalls.invoke(new Object(), Call.of("write", new byte[1]), null).error())
                .isEqualTo(new ExceptionInfo(ErrorKind.OTHER, "UnknownMethod",
                        "write is not a method of a Object (it needs a WriteTransport)"));
        assertThat(TransportCalls.invoke(new Object(), Call.of("frobnicate"), null).error())
                .isEqualTo(new ExceptionInfo(ErrorKind.OTHER, "UnknownMethod", "the driver knows no method 'frobnicate'"));
        assertThat(TransportCalls.invoke(new Object(), Call.of("raise", "boom"), null).error().type()).isEqualTo("UnknownMethod");
    }
}
