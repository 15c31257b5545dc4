@tcp @stream
Feature: Every callback of a stream connection runs on the thread that runs the loop (18.5.4.2)
  An event loop runs in one thread and calls every callback of its protocols on it, so that a protocol's
  state needs no lock (stance S-17). Each scenario makes its connections call many callbacks, then asks
  the driver for the name of the thread its calls run on (every call runs inside a callback of the
  loop) and compares the thread of every recorded callback with it. Datagram endpoints, pipes and child
  processes have the same scenario in their own features.

  @PR-5 @stance
  Scenario: every callback of a client connection runs on the thread that runs the loop
    Given a peer listening on the loopback interface
    And the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full
    When the write buffer limits are set to high B+10 and low B/2
    And the transport writes 11 bytes
    Then pause_writing is called once
    When the peer reads everything the transport wrote
    Then resume_writing is called once
    When the peer sends "one"
    Then the protocol receives "one"
    When the peer closes its write side
    Then connection_lost is called once with None
    And every callback ran on the thread that runs the loop

  @PR-5 @stance
  Scenario: every callback of the connections a server accepted runs on the thread that runs the loop
    Given the protocol echoes received data and closes the transport
    And a server listening on the loopback interface
    When client "alice" connects to the server
    And client "bob" connects to the server
    And client "alice" sends "from alice"
    And client "bob" sends "from bob"
    Then client "alice" receives "from alice" and then the end of the stream
    And client "bob" receives "from bob" and then the end of the stream
    And connection_lost is called on each of the server's connections
    And every callback ran on the thread that runs the loop
