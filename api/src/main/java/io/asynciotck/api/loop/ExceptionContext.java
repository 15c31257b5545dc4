package io.asynciotck.api.loop;

/**
 * What an event loop reports to its exception handler when a callback throws (asyncio's context
 * dictionary): a message, the exception, and the transport and protocol involved when there are any.
 */
public record ExceptionContext(String message, Throwable exception, Object transport, Object protocol) {
}
