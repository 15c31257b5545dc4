/**
 * The transports and {@link io.asynciotck.reference.transport.ReferenceEventLoop}, the event loop that
 * creates them: what socket transports share ({@code SelectorTransport}), TCP (the stream transport,
 * the server, the connector) and UDP (the datagram transport).
 */
package io.asynciotck.reference.transport;
