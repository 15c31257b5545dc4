package io.asynciotck.tck.runner;

import io.cucumber.messages.types.Envelope;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;

/**
 * The Cucumber plugin that hands every message of a run to its {@link Recording}:
 * {@code io.asynciotck.tck.runner.RecordingPlugin:<key>}, the key given by {@link Recording#plugin()}.
 */
public final class RecordingPlugin implements ConcurrentEventListener {

    private final Recording recording;

    public RecordingPlugin(String key) {
        this.recording = Recording.lookup(key)
                .orElseThrow(() -> new IllegalStateException("no TCK recording is registered under " + key));
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(Envelope.class, recording::accept);
    }
}
