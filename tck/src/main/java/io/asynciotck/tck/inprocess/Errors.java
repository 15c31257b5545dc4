package io.asynciotck.tck.inprocess;

import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Values.ExceptionInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Java exceptions as neutral {@link ExceptionInfo}s: the {@link ErrorKind} mapping of the in-process driver. */
final class Errors {

    private Errors() {
    }

    /**
     * The neutral form of {@code error}, after unwrapping the {@link CompletionException} or
     * {@link ExecutionException} of a future and the {@link UncheckedIOException} around an
     * {@link IOException}. The type is the exception's simple class name.
     */
    static ExceptionInfo of(Throwable error) {
        Throwable cause = unwrap(error);
        return new ExceptionInfo(kindOf(cause), typeName(cause.getClass()), cause.getMessage());
    }

    /** The class's simple name, or its full name when it has none (anonymous and hidden classes). */
    static String typeName(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException
                || current instanceof UncheckedIOException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static ErrorKind kindOf(Throwable error) {
        if (error instanceof IllegalArgumentException) {
            return ErrorKind.INVALID_VALUE;
        }
        if (error instanceof NullPointerException || error instanceof ClassCastException) {
            return ErrorKind.INVALID_TYPE;
        }
        if (error instanceof IllegalStateException) {
            return ErrorKind.INVALID_STATE;
        }
        if (error instanceof UnsupportedOperationException) {
            return ErrorKind.UNSUPPORTED;
        }
        if (error instanceof IOException) {
            return ErrorKind.OS_ERROR;
        }
        return ErrorKind.OTHER;
    }
}
