@tcp @stream @both-sides
Feature: BaseTransport (18.5.4.1.1)
  Every transport can be closed and asked for optional, transport-specific information.
  These scenarios run over TCP, the stream transport every implementation offers.

  Background:
    Given a peer listening on the loopback interface

  @BT-1 @BT-3
  Scenario: close() flushes the buffered data, then calls connection_lost(None)
    Given a connection to the peer
    And the peer's receive window is full
    When the transport writes 100000 bytes
    And the transport is closed
    Then connection_lost is not called while the peer is not reading
    When the peer reads everything the transport wrote
    Then the peer sees the end of the stream
    And connection_lost is called once with None

  @BT-2
  Scenario: after close() no more data is received
    Given a connection to the peer
    And the peer's receive window is full
    When the transport is closed
    And the peer tries to send "sent after close"
    Then data_received is not called after the transport was closed
    # Closing a socket with unread input resets the connection: the peer may not get everything.
    When the peer reads until the end of the stream or a reset
    Then connection_lost is called once with None

  @BT-4
  Scenario: get_extra_info returns the caller's default for information the transport does not have
    Given a connection to the peer
    Then get_extra_info "no-such-information" with default "fallback" returns "fallback"

  @BT-5
  Scenario: get_extra_info returns None when no default is given
    Given a connection to the peer
    Then get_extra_info "no-such-information" returns None

  @BT-6
  Scenario: get_extra_info("peername") is the remote address of the socket
    Given a connection to the peer
    Then get_extra_info "peername" is the peer's own address

  @BT-7
  Scenario: get_extra_info("socket") is the socket
    Given a connection to the peer
    Then get_extra_info "socket" is a socket object

  @BT-8
  Scenario: get_extra_info("sockname") is the socket's own address
    Given a connection to the peer
    Then get_extra_info "sockname" is the address the peer sees as remote
