@tcp @stream
Feature: Every callback of a stream connection runs on the thread that runs the loop (18.5.4.2)
  An event loop runs in one thread and calls every callback of its protocols on it, so that a protocol's
  state needs no lock (stance S-22). Each scenario makes its connections call many callbacks, then asks
  the driver for the name of the thread its calls run on (every call runs inside a callback of the
  loop) and compares the thread of every recorded callback with it. The steps before only wait for the
  callbacks to happen, whatever their arguments: what those should be is other rules' business.
  Datagram endpoints, pipes and child processes have the same scenario in their own features.

  @PR-5 @stance
  Scenario: every callback of a client connection runs on the thread that runs the loop
    Given a peer listening on the loopback interface
    And a connection to the peer
    When the write buffer limits are set to high 65536 and low 16384
    # Two writes: asyncio's TLS transport hands a write whole to the TCP transport under it while that
    # one is not paused, so only the second write stays in the buffer its flow control counts.
    And the transport writes 8000000 bytes
    And the transport writes 8000000 bytes
    And pause_writing has been called
    And the peer reads everything the transport wrote
    And resume_writing has been called
    And the peer sends "one"
    And data_received has been called
    And the peer closes its write side
    And connection_lost has been called
    Then every callback ran on the thread that runs the loop

  @PR-5 @stance
  Scenario: every callback of the connections a server accepted runs on the thread that runs the loop
    Given the protocol echoes received data and closes the transport
    And a server listening on the loopback interface
    When client "alice" connects to the server
    And client "bob" connects to the server
    And client "alice" sends "from alice"
    And client "bob" sends "from bob"
    # over TLS, reading to the end answers the server's close_notify (stance S-12)
    And client "alice" reads until the end of the stream
    And client "bob" reads until the end of the stream
    And connection_lost has been called on each of the server's connections
    Then every callback ran on the thread that runs the loop
