@pipes
Feature: Pipe transports: connect_read_pipe() and connect_write_pipe() (18.5.4.1.1 to 18.5.4.1.3)
  A pipe made for the scenario: the implementation's transport has one end, the TCK's peer the other
  (a plain blocking channel of the JDK, or the driver's pipe opened by its /proc path). A read pipe
  transport is a ReadTransport, a write pipe transport a WriteTransport: the rules of those sections
  hold for them as for a socket.

  @BT-14
  Scenario Outline: get_extra_info("pipe") is the pipe object
    Given a pipe the transport <direction>
    Then get_extra_info "pipe" is a pipe object
    When the transport is closed
    Then connection_lost is called once with None

    Examples:
      | direction                 |
      | reads and the peer writes |
      | writes and the peer reads |

  @SP-2 @SP-4 @CB-2
  Scenario: a read pipe delivers the data in order, then the end of the stream
    Given a pipe the transport reads and the peer writes
    When the peer sends "one"
    And the peer sends "two"
    Then the protocol receives "onetwo"
    When the peer closes its write side
    Then eof_received is called once
    And connection_lost is called once with None
    And every data_received call carried non-empty bytes

  @RT-1 @RT-2
  Scenario: pause_reading() on a read pipe holds data back until resume_reading()
    Given a pipe the transport reads and the peer writes
    When the transport pauses reading
    And the peer sends "held back"
    Then data_received is not called while reading is paused
    When the transport resumes reading
    Then the protocol receives "held back"

  @WT-15 @WT-16
  Scenario: a write pipe sends what write() and writelines() are given, in order
    Given a pipe the transport writes and the peer reads
    When the transport writes "one"
    And the transport writes the lines "two", "three", "four" as a list
    Then the peer receives "onetwothreefour"

  @WT-4
  Scenario: can_write_eof() is True for a write pipe
    Given a pipe the transport writes and the peer reads
    Then can_write_eof returns True
    When the transport is closed
    Then connection_lost is called once with None

  @WT-18
  Scenario: write_eof() on a write pipe closes it after flushing the buffered data
    Given a pipe the transport writes and the peer reads
    And the pipe is full
    When the transport writes 100000 bytes
    And the transport writes eof
    And the peer reads everything the transport wrote
    Then the peer sees the end of the stream
    And connection_lost is called once, with None or an exception

  @CB-2
  Scenario: write_eof() on a write pipe ends the connection with connection_lost(None)
    # The write end was closed by this side, at its request: a regular close, not an error.
    Given a pipe the transport writes and the peer reads
    When the transport writes "last words"
    And the transport writes eof
    Then the peer receives "last words"
    And the peer sees the end of the stream
    And connection_lost is called once with None

  @BT-1 @BT-3
  Scenario: close() on a write pipe flushes the buffered data, then calls connection_lost(None)
    Given a pipe the transport writes and the peer reads
    And the pipe is full
    When the transport writes 100000 bytes
    And the transport is closed
    Then connection_lost is not called while the peer is not reading
    When the peer reads everything the transport wrote
    Then the peer sees the end of the stream
    And connection_lost is called once with None

  @FC-1 @FC-2 @FC-9
  Scenario: a write pipe pauses and resumes its protocol's writing at the water marks
    Given the protocol records the write buffer size in every callback
    And a pipe the transport writes and the peer reads
    And the pipe is full
    When the write buffer limits are set to high B+10 and low B/2
    And the transport writes 11 bytes
    Then pause_writing is called once, with the write buffer size at B+11
    When the peer reads everything the transport wrote
    Then resume_writing is called once, with the write buffer size at most the low-water mark
    And the peer received every byte in order

  @PR-5 @stance
  Scenario: every callback of a read pipe runs on the thread that runs the loop
    Given a pipe the transport reads and the peer writes
    When the peer sends "one"
    And data_received has been called
    And the peer closes its write side
    And connection_lost has been called
    Then every callback ran on the thread that runs the loop

  @PR-5 @stance
  Scenario: every callback of a write pipe runs on the thread that runs the loop
    Given a pipe the transport writes and the peer reads
    When the write buffer limits are set to high 65536 and low 16384
    And the transport writes 1000000 bytes
    And pause_writing has been called
    And the peer reads everything the transport wrote
    And resume_writing has been called
    And the transport is closed
    And connection_lost has been called
    Then every callback ran on the thread that runs the loop

  @WT-18 @stance
  Scenario: write() and writelines() after write_eof() on a write pipe raise
    Given a pipe the transport writes and the peer reads
    When the transport writes "last words"
    And the transport writes eof
    And the transport tries to write "too late"
    Then the call raises an invalid state error
    When the transport tries to write the lines "too", "late", "again" as a list
    Then the call raises an invalid state error
    And the peer receives "last words"
    And the peer sees the end of the stream

  @FC-1 @stance
  Scenario: set_write_buffer_limits() to a high-water mark below a write pipe's buffer size pauses at once
    Given the protocol records the write buffer size in every callback
    And a pipe the transport writes and the peer reads
    And the pipe is full
    When the write buffer limits are set to high B/2 and low 0
    Then pause_writing is called once, with the write buffer size at B

  @CB-11 @stance
  Scenario Outline: connect_<kind>_pipe() returns the transport only after connection_made()
    Given a pipe the transport <direction>
    Then the call that created it returned it only after its connection_made

    Examples:
      | kind  | direction                 |
      | read  | reads and the peer writes |
      | write | writes and the peer reads |

  @TR-4 @stance
  Scenario Outline: connect_<kind>_pipe() returns the transport its protocol's connection_made() received
    Given a pipe the transport <direction>
    Then the call that created it returned the transport its connection_made received

    Examples:
      | kind  | direction                 |
      | read  | reads and the peer writes |
      | write | writes and the peer reads |

  @CB-5 @stance
  Scenario: connection_lost() of a read pipe does not begin inside a data_received() that closes the transport
    Given the protocol closes the transport on data_received
    And a pipe the transport reads and the peer writes
    When the peer sends "bye"
    Then connection_lost is called once, with None or an exception
    And connection_lost began only after data_received returned
