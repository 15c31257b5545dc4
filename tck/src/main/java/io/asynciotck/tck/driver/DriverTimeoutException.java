package io.asynciotck.tck.driver;

/**
 * The implementation, or its driver, did not answer a call within the timeout, or could not be stopped:
 * the implementation is unresponsive. A run stops after enough consecutive scenarios end this way.
 */
public class DriverTimeoutException extends DriverException {

    public DriverTimeoutException(String message) {
        super(message);
    }

    public DriverTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
