@tcp @stream @both-sides
Feature: Streaming protocols (18.5.4.2.3)
  data_received() and eof_received() on Protocol instances, and their state machine:
  start -> connection_made() [-> data_received() *] [-> eof_received() ?] -> connection_lost() -> end

  Background:
    Given a peer listening on the loopback interface

  @SP-1
  Scenario: data_received() is only ever called with non-empty data
    Given a connection to the peer
    When the peer sends 20 chunks of 1000 bytes
    And the peer closes its write side
    Then connection_lost is called once with None
    And every data_received call carried non-empty bytes

  @SP-2
  Scenario: data is always received in the correct order
    Given a connection to the peer
    When the peer sends 2000000 bytes of numbered data in chunks of 1000 bytes
    Then the protocol receives those bytes in order

  @SP-4
  Scenario: eof_received() is called when the other end signals it won't send any more data
    Given a connection to the peer
    When the peer closes its write side
    Then eof_received is called once

  @SP-5
  Scenario: when eof_received() returns a false value the transport closes itself
    Given the protocol's eof_received returns false
    And a connection to the peer
    When the peer closes its write side
    Then eof_received is called once
    And connection_lost is called once with None
    And the peer sees the end of the stream

  @SP-6
  Scenario: the default eof_received() closes the connection
    Given the protocol keeps the default eof_received
    And a connection to the peer
    When the peer closes its write side
    Then eof_received is called once
    And connection_lost is called once with None
    And the peer sees the end of the stream

  @SP-7 @tcp-only
  Scenario: when eof_received() returns a true value closing is up to the protocol
    Given the protocol's eof_received returns true
    And a connection to the peer
    When the peer closes its write side
    Then eof_received is called once
    And connection_lost is not called within the quiet period
    When the transport writes "still writing"
    Then the peer receives "still writing"
    When the transport is closed
    Then connection_lost is called once with None
    And the peer sees the end of the stream

  @SP-10 @SP-11
  Scenario: eof_received() is called at most once and no data_received() follows it
    Given the protocol's eof_received returns true
    And a connection to the peer
    When the peer sends "before eof"
    And the peer closes its write side
    Then eof_received is called once
    When the transport is closed
    Then connection_lost is called once with None
    And eof_received was called at most once
    And no data_received was recorded after eof_received

  @SP-12
  Scenario: a full connection follows the streaming state machine
    Given the protocol writes "hello" in connection_made
    And a connection to the peer
    When the peer receives "hello"
    And the peer sends "one"
    And the protocol receives "one"
    And the peer sends "two"
    And the protocol receives "two"
    And the peer closes its write side
    Then connection_lost is called once with None
    And the recorded callbacks match "connection_made data_received* eof_received? connection_lost"

  @SP-12 @CB-5 @stance
  Scenario: each callback returns before the next one begins
    # A state machine is in one state at a time (stance S-16): a callback that starts while another
    # one's own code is still running, on another thread or re-entering it, breaks it. Every callback
    # here calls its transport, so that an implementation that runs callbacks at once has a window
    # in which to show it.
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    When the peer sends "one"
    And the peer closes its write side
    Then connection_lost is called once with None
    And no callback began while another one was running

  @SP-12
  Scenario: a connection closed by this side without data follows the streaming state machine
    Given a connection to the peer
    When the transport is closed
    # the peer reads the end; over TLS that answers the close_notify (stance S-12)
    Then the peer sees the end of the stream
    And connection_lost is called once with None
    # eof_received() is allowed here by the state machine: a TLS transport may call it when the
    # peer answers its close_notify (asyncio does).
    And the recorded callbacks match "connection_made eof_received? connection_lost"

  @PR-3 @SP-6 @no-accepted-variant
  Scenario: a protocol that overrides no callback reads what it is sent, and its default eof_received() closes the connection
    # The server's protocols are the protocol base class itself, so nothing is recorded: the TCK's client
    # sees it on the wire. A clean end of the stream, not a reset, shows that what it sent was read.
    Given the server's protocols override no callback
    And a server listening on the loopback interface
    When client "a" connects to the server
    And client "a" sends "nobody overrides data_received"
    And client "a" closes its write side
    Then client "a" receives nothing but the end of the stream
