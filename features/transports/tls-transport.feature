@tls @both-sides
Feature: TLS transports (18.5.4.1.1 extra information, 18.5.4.1.3 write_eof, 18.5.4.2.3 eof_received)
  The implementation's TLS client connects to the TCK's peer, a plain JDK SSLServerSocket; its TLS
  server is reached by JDK SSLSocket clients. Certificates are made when the run starts: a test CA and,
  signed by it, a server certificate for localhost and 127.0.0.1, a client certificate, an expired one
  and one for another host; plus one from a CA nobody trusts. The rules every stream transport keeps
  are checked over TLS by the stream features' TLS variants (see RULES.md, stance S-11). A TLS close
  is complete once close_notify went both ways: the TCK's peer answers the implementation's
  close_notify when it reads it, as a TLS peer must (stance S-12).

  @BT-10
  Scenario: get_extra_info("compression") is None or the algorithm's name
    Given a connection to the peer
    Then get_extra_info "compression" is None or a string
    When the transport is closed
    Then the peer sees the end of the stream
    And connection_lost is called once with None

  @BT-11
  Scenario Outline: get_extra_info("cipher") is the cipher, the protocol version and the secret bits
    Given both sides allow only <version>
    And a connection to the peer
    Then get_extra_info "cipher" is a cipher name, the protocol version <version> and a number of secret bits
    When the transport is closed
    Then the peer sees the end of the stream
    And connection_lost is called once with None

    Examples:
      | version |
      | TLSv1.2 |
      | TLSv1.3 |

  @BT-12 @no-accepted-variant
  Scenario: get_extra_info("peercert") of a client is the server's certificate
    Given a connection to the peer
    Then get_extra_info "peercert" is the certificate the peer presented
    When the transport is closed
    Then the peer sees the end of the stream
    And connection_lost is called once with None

  @BT-12 @no-accepted-variant
  Scenario: get_extra_info("peercert") of a server's connection is None when the client sent no certificate
    Given the protocol records get_extra_info "peercert" in every callback
    And a server listening on the loopback interface
    When a client connects to the server
    Then in connection_made the server's connection saw get_extra_info "peercert" None

  @BT-12 @no-accepted-variant
  Scenario: get_extra_info("peercert") of a server's connection is the client's certificate with mutual TLS
    Given the server side requires a client certificate
    And the client side presents the "client" certificate
    And the protocol records get_extra_info "peercert" in every callback
    And a server listening on the loopback interface
    When a client connects to the server
    Then in connection_made the server's connection saw get_extra_info "peercert" the certificate the peer presented

  @BT-13
  Scenario: get_extra_info("sslcontext") is the SSL context
    Given a connection to the peer
    Then get_extra_info "sslcontext" is an SSL context object
    When the transport is closed
    Then the peer sees the end of the stream
    And connection_lost is called once with None

  @WT-4 @WT-20
  Scenario: a TLS transport does not support write_eof(): can_write_eof() is False and write_eof() raises
    Given a connection to the peer
    Then can_write_eof returns False
    When the transport tries to write eof
    Then the call raises a not-supported error
    When the peer sends "still open"
    Then the protocol receives "still open"
    When the transport is closed
    Then the peer sees the end of the stream
    And connection_lost is called once with None

  @SP-8 @stance
  Scenario: returning true from eof_received() does not keep a TLS connection open
    Given the protocol's eof_received returns true
    And a connection to the peer
    When the peer closes its write side
    Then eof_received is called once
    And connection_lost is called once with None
    And the peer sees the end of the stream

  @CB-4 @stance @no-accepted-variant
  Scenario Outline: a failed TLS handshake fails create_connection and makes no protocol callback
    Given <problem>
    When the implementation tries to connect to the peer over TLS
    Then the connection fails with an error and no protocol callback is made

    Examples:
      | problem                                                               |
      | the server side presents the "untrusted" certificate                  |
      | the server side presents the "expired" certificate                    |
      | the server side presents the "wrong-host" certificate                 |
      | the implementation's client checks the server host name "example.org" |
      | the implementation allows only TLSv1.3 and the peer only TLSv1.2      |
      | the peer answers in plain text, not TLS                               |

  @CB-4 @stance @no-accepted-variant
  Scenario: a server drops a connection whose TLS handshake fails and goes on serving
    Given a server listening on the loopback interface
    When a client that trusts no certificate authority tries to connect to the server
    And a client connects to the server
    Then the server made 1 connections, each with its own protocol

  @SP-2 @FC-3 @RT-1 @RT-2 @no-accepted-variant
  Scenario Outline: 100 MiB each way over <version> arrive intact, with flow control on both sides
    Given both sides allow only <version>
    And a connection to the peer
    When the transport writes 100 MiB while the peer reads them in bursts of 8 MiB
    Then the peer received them intact, and pause_writing and resume_writing came in pairs
    When the peer sends 100 MiB while the transport pauses reading after every 8 MiB
    Then the protocol received them intact, held back at every pause
    When the transport is closed
    Then the peer sees the end of the stream
    And connection_lost is called once with None

    Examples:
      | version |
      | TLSv1.2 |
      | TLSv1.3 |
