/**
 * TCP: the stream transport, the server, the connector, and {@link io.asynciotck.reference.transport.TcpEventLoop},
 * the event loop that creates them.
 */
package io.asynciotck.reference.transport;
