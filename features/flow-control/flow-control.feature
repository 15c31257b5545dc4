@tcp @stream @both-sides
Feature: Flow control callbacks (18.5.4.2.5)
  pause_writing() is called once when the write buffer goes strictly over the high-water mark;
  resume_writing() is called once when it drains to the low-water mark or below. The calls are paired.

  Each scenario first fills the peer's receive window (the peer does not read), so that the socket
  takes nothing more and the transport's buffer grows by exactly what is written. Water marks are
  then set relative to the buffer's size B at that moment, within the same batch of calls, so that
  the event loop cannot flush in between. The protocol records the buffer size inside every callback.

  Background:
    Given a peer listening on the loopback interface
    And the protocol records the write buffer size in every callback
    And a connection to the peer
    And the peer's receive window is full

  @FC-1 @FC-5
  Scenario: a buffer equal to the high-water mark does not pause; one byte more does
    When the write buffer limits are set to high B+100 and low B
    And the transport writes 100 bytes
    Then pause_writing is not called within the quiet period
    When the transport writes 1 byte
    Then pause_writing is called once, with the write buffer size at B+101

  @FC-1
  Scenario: pause_writing() is called synchronously as the buffer goes over the high-water mark
    When the write buffer limits are set to high B+10 and low B, then the transport writes 11 bytes, all in one batch
    Then pause_writing is called once, with the write buffer size at B+11

  @FC-4
  Scenario: pause_writing() is called once, even if further writes grow the buffer more
    When the write buffer limits are set to high B+10 and low B
    And the transport writes 11 bytes
    And the transport writes 1000 bytes
    And the transport writes 100000 bytes
    Then pause_writing is called once, with the write buffer size at B+11
    And pause_writing is not called again within the quiet period

  @FC-2 @FC-6 @stance
  Scenario: resume_writing() is called once when the buffer drains to the low-water mark
    When the write buffer limits are set to high B+10 and low B/2
    And the transport writes 11 bytes
    Then pause_writing is called once
    When the peer reads everything the transport wrote
    Then resume_writing is called once, with the write buffer size at most the low-water mark
    And resume_writing is not called again within the quiet period

  @FC-2 @FC-6
  Scenario: resume_writing() waits for the low-water mark, not just for the buffer to fall back under the high-water mark
    # The peer reads in steps, as in FC-8's scenario, so that the buffer stops between the two marks on
    # its way down: read all at once by a slow peer, it could go from over the high-water mark to
    # under the low one in one write, and a resume at the high-water mark would pass.
    When the write buffer limits are set to high B+8000000 and low B
    And the transport writes 16000000 bytes
    Then pause_writing is called once
    When the peer reads everything the transport wrote, 2000000 bytes at a time, letting the write buffer settle after each
    Then resume_writing is called once, with the write buffer size at most the low-water mark

  @FC-6 @FC-8 @WT-11
  Scenario: with a low-water mark of zero, resume_writing() is called once the buffer is empty
    # The peer reads 2 MB at a time and lets the buffer settle in between, so the buffer drains in steps
    # of what the socket takes at once (a few MB at most), never from megabytes to empty in one go. An
    # implementation that resumed at a low-water mark above zero (asyncio's default, if low were taken
    # as not given, is a quarter of the high-water mark: over 5 MB here) would resume before it is empty.
    When the write buffer limits are set to high B+20000000 and low 0
    And the transport writes 24000000 bytes
    Then pause_writing is called once
    When the peer reads everything the transport wrote, 2000000 bytes at a time, letting the write buffer settle after each
    Then resume_writing is called once, with the write buffer size at 0

  @FC-7 @WT-10
  Scenario: with a high-water mark of zero, pause_writing() is called whenever the buffer becomes non-empty
    When the peer reads everything the transport wrote
    And the write buffer size becomes 0
    And the write buffer limits are set to high 0
    # Small chunks, so that the first one the socket cannot take leaves at most 16 KiB buffered: less
    # than any default high-water mark, which a buffer filled by large writes would go over anyway.
    And the peer stops reading and the transport writes 16384-byte chunks until one stays buffered
    Then pause_writing is called once, with the write buffer size between 1 and 16384
    When the peer reads everything the transport wrote
    Then resume_writing is called once, with the write buffer size at 0

  @FC-3
  Scenario: pause_writing() and resume_writing() strictly alternate over several cycles
    When the write buffer limits are set to high 65536 and low 16384
    And the transport writes 16000000 bytes
    And the peer reads everything the transport wrote
    And the transport writes 16000000 bytes
    And the peer reads everything the transport wrote
    And the transport writes 16000000 bytes
    And the peer reads everything the transport wrote
    Then the flow control callbacks alternate "pause_writing resume_writing pause_writing resume_writing pause_writing resume_writing"
    And every pause_writing saw the buffer over 65536 and every resume_writing saw it at most 16384

  @FC-5
  Scenario: set_write_buffer_limits() to a high-water mark equal to the buffer size does not pause
    When the write buffer limits are set to high B and low 0
    Then pause_writing is not called within the quiet period
    When the transport writes 1 byte
    Then pause_writing is called once, with the write buffer size at B+1

  @FC-1 @stance
  Scenario: set_write_buffer_limits() to a high-water mark below the buffer size pauses at once
    # Nothing more is written: only the lowered mark can pause (stance S-18).
    When the write buffer limits are set to high B/2 and low 0
    Then pause_writing is called once, with the write buffer size at B
