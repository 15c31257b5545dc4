/** Write flow control: the pause/resume state machine shared by the transports that buffer writes. */
package io.asynciotck.reference.flowcontrol;
