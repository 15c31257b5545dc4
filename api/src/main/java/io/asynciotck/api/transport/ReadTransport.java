package io.asynciotck.api.transport;

/** Spec: "Interface for read-only transports." */
public interface ReadTransport extends BaseTransport {

    /**
     * Spec: "Pause the receiving end of the transport. No data will be passed to the protocol's
     * data_received() method until resume_reading() is called."
     */
    void pauseReading();

    /**
     * Spec: "Resume the receiving end. The protocol's data_received() method will be called once again
     * if some data is available for reading."
     */
    void resumeReading();
}
