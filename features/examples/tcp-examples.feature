@tcp
Feature: TCP protocol examples (18.5.4.3)
  The spec's TCP examples, run against the implementation: each one must behave as its text says.

  @EX-1
  Scenario: TCP echo client: write in connection_made, receive the echo, see connection_lost when the server closes
    Given a peer listening on the loopback interface
    And the protocol writes "Hello World!" in connection_made
    And a connection to the peer
    When the peer receives "Hello World!"
    And the peer sends "Hello World!"
    And the peer closes the connection
    Then the protocol receives "Hello World!"
    And connection_lost is called once with None

  @EX-2
  Scenario: TCP echo server: one protocol per connection, peername known in connection_made, echo then close
    Given the protocol echoes received data and closes the transport
    And the protocol records get_extra_info "peername" in every callback
    And a server listening on the loopback interface
    When client "alice" connects to the server
    And client "bob" connects to the server
    And client "alice" sends "from alice"
    And client "bob" sends "from bob"
    Then client "alice" receives "from alice" and then the end of the stream
    And client "bob" receives "from bob" and then the end of the stream
    And the server made 2 connections, each with its own protocol
    And in connection_made each server connection's peername was its client's address

  @EX-3
  Scenario: close() right after write() still delivers the data
    Given a peer listening on the loopback interface
    And a connection to the peer
    When the transport writes "written then closed" and is closed in the same batch
    Then the peer receives "written then closed"
    And the peer sees the end of the stream
    And connection_lost is called once with None

  @EX-4
  Scenario: an already-connected socket registered with create_connection(sock=...) waits for data
    Given a peer listening on the loopback interface
    And the protocol closes the transport on data_received
    And a connection to the peer made over an already-connected socket
    When the peer sends "abc"
    Then the protocol receives "abc"
    And connection_lost is called once with None
    And the peer sees the end of the stream

  @EX-5
  Scenario: closing the server stops accepting; wait_closed() completes
    Given a server listening on the loopback interface
    When the server is closed
    Then waiting for the server to close completes
    And a new client cannot connect to the server's address
