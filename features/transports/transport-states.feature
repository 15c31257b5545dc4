@tcp @stream @both-sides @states
Feature: Transport states: where two rules meet on one connection
  Each rule's own scenarios start from a fresh connection. Here the transport is first put in a state
  (writing paused, half-closed by either side, closing) and then an operation is called or the peer
  acts, and the scenario checks that every rule involved still holds. RULES.md ("States and
  operations") is the whole matrix: which cell each scenario covers, and why the other cells cannot
  matter.

  Background:
    Given a peer listening on the loopback interface

  @BT-1 @BT-3 @WT-18 @tcp-only
  Scenario: close() after write_eof() with data still buffered flushes it, then calls connection_lost(None)
    Given a connection to the peer
    And the peer's receive window is full
    When the transport writes 100000 bytes
    And the transport writes eof
    And the transport is closed
    And the peer reads everything the transport wrote
    Then the peer received every byte in order
    And the peer sees the end of the stream
    And connection_lost is called once with None

  @SP-12 @BT-1 @BT-3 @FC-1 @FC-3 @FC-4 @stance
  Scenario: a connection closed while writing is paused gets no callback after connection_lost
    # The buffer still drains after close(), so resume_writing() may come first; nothing may come after
    # connection_lost() (stance S-26).
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full
    When the write buffer limits are set to high B+10 and low B/2
    And the transport writes 11 bytes
    Then pause_writing is called once
    When the transport is closed
    And the peer reads everything the transport wrote
    Then the peer sees the end of the stream
    And connection_lost is called once with None
    And no callback arrives after connection_lost
    And the recorded callbacks match "connection_made pause_writing resume_writing? eof_received? connection_lost"

  @SP-12 @WT-3 @FC-1 @FC-4 @stance
  Scenario: a connection aborted while writing is paused gets no callback after connection_lost
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full
    When the write buffer limits are set to high B+10 and low B/2
    And the transport writes 11 bytes
    Then pause_writing is called once
    When the transport is aborted
    Then connection_lost is called once with None
    And no callback arrives after connection_lost
    And the recorded callbacks match "connection_made pause_writing resume_writing? connection_lost"

  @SP-12 @FC-1 @FC-4 @stance
  Scenario: a connection the peer resets while writing is paused gets no callback after connection_lost
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full
    When the write buffer limits are set to high B+10 and low B/2
    And the transport writes 11 bytes
    Then pause_writing is called once
    When the peer resets the connection
    Then connection_lost is called once, with None or an exception
    # Every operation on a lost transport is a no-op for the protocol (stance S-26).
    When the transport tries to write "after the end"
    And the transport tries to pause reading
    And the transport tries to resume reading
    And the transport tries to close
    And the transport tries to abort
    Then no callback arrives after connection_lost
    And the recorded callbacks match "connection_made pause_writing resume_writing? eof_received? connection_lost"

  @SP-12 @WT-1 @WT-3 @stance
  Scenario: a transport closing with data buffered, closed again and then aborted, ends with one connection_lost(None)
    Given a connection to the peer
    And the peer's receive window is full
    When the transport writes 100000 bytes
    And the transport is closed
    # close() and abort() may be called in any state, and end the connection once (stance S-28).
    And the transport is closed
    And the transport is aborted
    Then connection_lost is called once with None
    And no callback arrives after connection_lost
    And the peer receives less than the transport wrote

  @BT-1 @SP-6
  Scenario: the end of the stream while writing is paused closes the transport after flushing the buffered data
    Given the protocol keeps the default eof_received
    And a connection to the peer
    And the peer's receive window is full
    When the transport writes 100000 bytes
    And the peer closes its write side
    Then eof_received is called once
    When the peer reads everything the transport wrote
    Then the peer received every byte in order
    And the peer sees the end of the stream
    And connection_lost is called once with None

  @BT-2 @BT-3
  Scenario: close() while reading is paused: what the peer sent is not delivered, not even after resume_reading()
    Given a connection to the peer
    When the transport pauses reading
    And the peer sends "held back"
    And the transport is closed
    And the transport resumes reading
    # The peer reads the end, which over TLS answers the close_notify (stance S-12). Over TCP, closing a
    # socket with unread data in it sends a reset instead of the end of the stream.
    And the peer reads until the end of the stream or a reset
    Then connection_lost is called once with None
    And data_received is not called after the transport was closed

  @FC-1 @FC-4 @FC-6 @FC-8 @WT-11
  Scenario: a low-water mark lowered while writing is paused is the one resume_writing() waits for
    # As FC-8's own scenario, the peer reads in steps, so that the buffer passes the old low-water mark
    # (10 MB over B) long before it is empty.
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full
    When the write buffer limits are set to high B+20000000 and low B+10000000
    And the transport writes 24000000 bytes
    Then pause_writing is called once
    When the write buffer limits are set to high B+20000000 and low 0
    And the peer reads everything the transport wrote, 2000000 bytes at a time, letting the write buffer settle after each
    Then resume_writing is called once, with the write buffer size at 0

  @FC-1 @FC-2 @FC-3 @FC-4 @FC-6
  Scenario: water marks raised above the buffer while writing is paused resume it once, and pause it no more
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full
    When the write buffer limits are set to high B+10 and low B/2
    And the transport writes 11 bytes
    Then pause_writing is called once
    When the write buffer limits are set to high B+2000 and low B+1000
    And the peer reads everything the transport wrote
    Then resume_writing is called once, with the write buffer size at most the low-water mark
    And pause_writing is not called again within the quiet period
    And resume_writing is not called again within the quiet period

  @FC-5 @stance
  Scenario: an empty write() at the high-water mark does not pause
    # An empty write() leaves the buffer as it was, so it cannot take it over the mark (stance S-27).
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full
    When the write buffer limits are set to high B+100 and low B
    And the transport writes 100 bytes
    And the transport writes 0 bytes
    Then the call succeeds
    And pause_writing is not called within the quiet period
    When the transport writes 1 byte
    Then pause_writing is called once, with the write buffer size at B+101

  @FC-7 @WT-10 @stance
  Scenario: an empty write() with a high-water mark of zero does not pause
    # The buffer does not become non-empty (stance S-27).
    Given the protocol records the write buffer size in every callback
    And a connection to the peer
    When the write buffer limits are set to high 0
    And the transport writes 0 bytes
    Then the call succeeds
    And pause_writing is not called within the quiet period
    And the write buffer size is 0

  @SP-10 @tcp-only
  Scenario: pause_reading() and resume_reading() after eof_received() do not deliver the end of the stream again
    Given the protocol's eof_received returns true
    And a connection to the peer
    When the peer closes its write side
    Then eof_received is called once
    When the transport pauses reading
    And the transport resumes reading
    And the transport writes "still writing"
    Then the peer receives "still writing"
    When the transport is closed
    Then connection_lost is called once with None
    And eof_received was called at most once

  @RT-1 @RT-2 @WT-19 @tcp-only
  Scenario: pause_reading() after write_eof() holds data back until resume_reading()
    Given a connection to the peer
    When the transport writes eof
    Then the peer sees the end of the stream
    When the transport pauses reading
    And the peer sends "held back"
    Then data_received is not called while reading is paused
    When the transport resumes reading
    Then the protocol receives "held back"
