/**
 * The transports that {@link io.asynciotck.reference.loop.ReferenceEventLoop} creates: what every
 * channel transport shares ({@code ChannelTransport}: life cycle, flow control, fatal-error policy), what
 * socket transports add ({@code SelectorTransport}), TCP (the stream transport, the server, the
 * connector), TLS (layered over a TCP transport), UDP (the datagram transport), pipes (the read and write
 * pipe transports, for {@code connectReadPipe}/{@code connectWritePipe} and for a child's standard
 * streams) and child processes ({@code ProcessTransport}). Their constructors and factories are public
 * for the loop only; nothing outside the reference implementation uses them.
 */
package io.asynciotck.reference.transport;
