/**
 * The transports and {@link io.asynciotck.reference.transport.ReferenceEventLoop}, the event loop that
 * creates them: what every channel transport shares ({@code ChannelTransport}: life cycle, flow
 * control, fatal-error policy), what socket transports add ({@code SelectorTransport}), TCP (the stream
 * transport, the server, the connector), UDP (the datagram transport), pipes (the read and write pipe
 * transports, for {@code connectReadPipe}/{@code connectWritePipe} and for a child's standard
 * streams) and child processes ({@code ProcessTransport}).
 */
package io.asynciotck.reference.transport;
