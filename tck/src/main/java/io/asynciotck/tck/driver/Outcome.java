package io.asynciotck.tck.driver;

/**
 * The result of one call across the driver: a neutral value, or the error the implementation raised.
 */
public record Outcome(Object value, Values.ExceptionInfo error) {

    public static Outcome ok(Object value) {
        return new Outcome(value, null);
    }

    public static Outcome failed(Values.ExceptionInfo error) {
        return new Outcome(null, error);
    }

    public boolean isError() {
        return error != null;
    }

    @Override
    public String toString() {
        return isError() ? "raised " + error : "returned " + Call.describe(value);
    }
}
