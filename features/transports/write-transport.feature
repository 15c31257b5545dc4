@tcp @stream @both-sides
Feature: WriteTransport (18.5.4.1.3)
  Writing, buffering, half-closing and aborting; the write buffer and its water marks.

  Background:
    Given a peer listening on the loopback interface
    And a connection to the peer

  @WT-1
  Scenario: abort() loses the buffered data
    # 16 MB cannot fit in the sockets' buffers of a peer that does not read, so most of it is in the
    # transport's buffer at abort(). How much exactly is not asserted: uvloop's get_write_buffer_size()
    # also counts bytes the kernel has already taken until libuv reports the write done.
    Given the peer's receive window is full
    When the transport writes 16000000 bytes
    And the transport is aborted
    Then the peer receives less than the transport wrote

  @WT-2 @WT-3
  Scenario: abort() closes the transport at once: no more data is received and connection_lost(None) follows
    Given the peer's receive window is full
    When the transport is aborted
    And the peer tries to send "sent after abort"
    Then connection_lost is called once with None
    And data_received is not called after the transport was aborted

  @WT-4 @tcp-only
  Scenario: can_write_eof() is True for a transport that supports write_eof()
    Then can_write_eof returns True
    When the transport writes "last words"
    And the transport writes eof
    Then the peer receives "last words"
    And the peer sees the end of the stream

  @WT-5
  Scenario: get_write_buffer_size() is the number of bytes waiting in the output buffer
    Then the write buffer size is 0
    Given the peer's receive window is full
    Then writing 1000 bytes grows the write buffer size by exactly 1000
    When the peer reads everything the transport wrote
    Then the write buffer size becomes 0

  @WT-6 @stance
  Scenario: get_write_buffer_limits() returns (low, high) with 0 <= low <= high
    Then the write buffer limits are valid
    When the write buffer limits are set to high 5000 and low 1000
    Then the write buffer limits are low 1000 and high 5000

  @WT-7
  Scenario: the low-water limit must not exceed the high-water limit
    When the write buffer limits are set to high 100 and low 101
    Then the call raises an invalid value error
    And the write buffer limits are valid

  @WT-8
  Scenario Outline: neither limit may be negative
    When the write buffer limits are set to <arguments>
    Then the call raises an invalid value error

    Examples:
      | arguments           |
      | high -1             |
      | high -1 and low -1  |
      | high 100 and low -1 |
      | low -1              |

  @WT-9
  Scenario Outline: if only the high-water limit is given, low takes a value less than or equal to it
    When the write buffer limits are set to high <high>
    Then the call succeeds
    And the high-water limit is <high> and the low-water limit is at most <high>

    Examples:
      | high    |
      | 1000000 |
      | 10      |
      | 1       |

  @WT-10
  Scenario: setting high to zero forces low to zero
    When the write buffer limits are set to high 0
    Then the write buffer limits are low 0 and high 0

  @WT-14
  Scenario: write() does not block: it buffers what the socket cannot take
    When the transport writes 16000000 bytes
    Then the call succeeds
    And the write buffer size is at least 1
    When the peer reads everything the transport wrote
    Then the peer received every byte in order

  @WT-15
  Scenario: write() sends the data asynchronously to the peer
    When the transport writes "hello, peer"
    Then the peer receives "hello, peer"

  @WT-16
  Scenario: writelines() with a list is equivalent to a write() of each element
    When the transport writes the lines "alpha", "beta", "gamma" as a list
    Then the peer receives "alphabetagamma"

  @WT-15 @WT-16
  Scenario: data written while earlier data is still buffered is sent too, in order
    Given the peer's receive window is full
    When the transport writes 1000 bytes
    And the transport writes the lines "alpha", "beta", "gamma" as a list
    And the transport writes 1000 bytes
    And the peer reads everything the transport wrote
    Then the peer received every byte in order

  @WT-17
  Scenario Outline: writelines() accepts any iterable
    When the transport writes the lines "one", "two", "three" as a <iterable>
    Then the peer receives "onetwothree"

    Examples:
      | iterable  |
      | tuple     |
      | generator |

  @WT-18 @tcp-only
  Scenario: write_eof() closes the write end after flushing the buffered data
    Given the peer's receive window is full
    When the transport writes 100000 bytes
    And the transport writes eof
    And the peer reads everything the transport wrote
    Then the peer sees the end of the stream

  @WT-19 @tcp-only
  Scenario: after write_eof() data may still be received
    When the transport writes eof
    Then the peer sees the end of the stream
    When the peer sends "still listening"
    Then the protocol receives "still listening"

  @WT-18 @stance @tcp-only
  Scenario: write() and writelines() after write_eof() raise
    # The write end is closed: what is written now cannot be sent, and is refused (stance S-17).
    When the transport writes "last words"
    And the transport writes eof
    And the transport tries to write "too late"
    Then the call raises an invalid state error
    When the transport tries to write the lines "too", "late", "again" as a list
    Then the call raises an invalid state error
    And the peer receives "last words"
    And the peer sees the end of the stream
