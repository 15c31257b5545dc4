package io.asynciotck.tck.driver;

/**
 * The driver itself failed: the implementation did not answer within the timeout, the driver's child
 * process died or answered nonsense. The scenario in progress fails with this message; the run goes on.
 */
public class DriverException extends RuntimeException {

    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
