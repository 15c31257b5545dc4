/**
 * The event loops. {@link io.asynciotck.reference.loop.SelectorEventLoop}: scheduling ({@code callSoon},
 * {@code callLater} with a timer heap), the cross-thread submission queue, I/O readiness dispatch to
 * {@link io.asynciotck.reference.loop.IoHandler} attachments (through an
 * {@link io.asynciotck.reference.loop.IoRegistration}: a selection key, or the process poller's
 * registration for descriptors the selector cannot watch), and the exception handler.
 * {@link io.asynciotck.reference.loop.ReferenceEventLoop}: that loop with the calls that create the
 * transports of {@code io.asynciotck.reference.transport}.
 */
package io.asynciotck.reference.loop;
