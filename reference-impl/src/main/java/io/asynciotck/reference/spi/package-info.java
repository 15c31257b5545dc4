/** The service provider that makes the reference implementation available as {@code reference}. */
package io.asynciotck.reference.spi;
