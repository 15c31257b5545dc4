/**
 * The selector event loop: scheduling ({@code callSoon}, {@code callLater} with a timer heap), the
 * cross-thread submission queue, I/O readiness dispatch to {@link io.asynciotck.reference.loop.IoHandler}
 * attachments (through an {@link io.asynciotck.reference.loop.IoRegistration}: a selection key, or the
 * process poller's registration for descriptors the selector cannot watch), and the exception handler.
 */
package io.asynciotck.reference.loop;
