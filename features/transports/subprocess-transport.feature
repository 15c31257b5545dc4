@subprocess
Feature: BaseSubprocessTransport (18.5.4.1.5) and the subprocess protocol callbacks (18.5.4.2.2)
  A child process and the pipes to its standard streams. Children are small POSIX shell commands.

  @PT-1
  Scenario: get_pid() is the child's process id
    Given a child running "echo $$; exec cat" with its streams piped
    When the child's stdout receives a line
    Then get_pid is the number the child printed
    When the parent closes the child's stdin
    Then connection_lost is called once with None

  @PT-2 @stance
  Scenario: get_pipe_transport(0) is the transport the parent writes the child's stdin with
    Given a child running "cat" with its streams piped
    Then get_pipe_transport 0 is a write transport
    When the parent writes "through stdin" to the child's stdin
    And the parent closes the child's stdin
    Then the child's stdout receives "through stdin"
    And the child exits with returncode 0

  @PT-3 @PT-4
  Scenario: get_pipe_transport(1) and (2) are the transports the parent reads stdout and stderr with
    Given a child running "cat; printf err >&2" with its streams piped
    Then get_pipe_transport 1 is a read transport
    And get_pipe_transport 2 is a read transport
    When the parent closes the child's stdin
    Then the child's stderr receives "err"

  @PT-2 @PT-3 @PT-4
  Scenario: get_pipe_transport() is None for a stream that is not piped
    Given a child running "cat" with nothing piped
    Then get_pipe_transport 0 is None
    And get_pipe_transport 1 is None
    And get_pipe_transport 2 is None
    And the child exits with returncode 0

  @PT-5
  Scenario Outline: get_pipe_transport() is None for any other fd
    Given a child running "cat" with its streams piped
    Then get_pipe_transport <fd> is None
    When the parent closes the child's stdin
    Then the child exits with returncode 0

    Examples:
      | fd |
      | 3  |
      | -1 |
      | 99 |

  @PT-6
  Scenario: get_returncode() is None while the child runs, then its exit status
    Given a child running "cat; exit 3" with its streams piped
    Then get_returncode is None
    When the parent closes the child's stdin
    Then the child exits with returncode 3

  @PT-7
  Scenario: kill() sends SIGKILL: the return code is -9
    Given a child running "exec cat" with its streams piped
    When the parent calls kill
    Then the child exits with returncode -9

  @PT-9
  Scenario: send_signal() delivers the signal number to the child
    Given a child running "trap 'echo got USR1; exit 0' USR1; echo ready; while :; do sleep 0.05; done" with its streams piped
    When the child's stdout receives "ready\n"
    And the parent sends signal 10
    Then the child's stdout receives "got USR1\n"
    And the child exits with returncode 0

  @PT-10
  Scenario: terminate() sends SIGTERM: the return code is -15
    Given a child running "exec cat" with its streams piped
    When the parent calls terminate
    Then the child exits with returncode -15

  @PT-10 @PT-7
  Scenario: a child that ignores SIGTERM survives terminate() and is stopped by kill()
    Given a child running "trap '' TERM; echo ready; while :; do sleep 0.05; done" with its streams piped
    When the child's stdout receives "ready\n"
    And the parent calls terminate
    Then the child is still running after the quiet period
    When the parent calls kill
    Then the child exits with returncode -9

  @PT-12 @PT-13 @stance
  Scenario: close() stops a running child by a signal and closes every pipe
    # sleep, not cat: close() closes the pipes first, and cat would exit on the end of its input.
    Given a child running "exec sleep 30" with its streams piped
    When the parent calls close
    Then the child exits with a negative returncode
    And pipe_connection_lost is called once for each of fds 0, 1 and 2
    And connection_lost is called once with None

  @CB-8
  Scenario: pipe_data_received(fd, data) gets non-empty data, in order, with the fd it came from
    Given a child running "printf one; printf two >&2; printf three" with its streams piped
    Then the child's stdout receives "onethree"
    And the child's stderr receives "two"
    And every pipe_data_received call carried non-empty bytes

  @CB-8
  Scenario: no output is lost when the child exits before it is read
    # 54,894 bytes: less than a pipe holds, so the child exits before anything is read.
    Given a child running "seq 1 11000" with its streams piped
    Then connection_lost is called once with None
    And the child's stdout delivered the numbers 1 to 11000, one a line

  @CB-8 @RT-1 @RT-2
  Scenario: pausing reading on the stdout pipe holds a large output back without losing any
    # The child writes nothing until it reads a line, which the parent sends only once reading is
    # paused; it reports on stderr once its first 1092 bytes are in the pipe. So none of its output may
    # reach the protocol while reading is paused, however fast the implementation reads, and an
    # implementation that reads anyway has data to read before the quiet period starts. The output is
    # numbers, checked byte by byte.
    Given a child running "read line; seq 1 300; echo started >&2; seq 301 600000" with its streams piped
    When the parent pauses reading the child's stdout
    And the parent writes "go\n" to the child's stdin
    Then the child's stderr receives "started\n"
    And pipe_data_received is not called for fd 1 while reading is paused
    When the parent resumes reading the child's stdout
    Then connection_lost is called once with None
    And the child's stdout delivered the numbers 1 to 600000, one a line

  @CB-9
  Scenario: pipe_connection_lost(fd) when the child closes its stdout but keeps running
    Given a child running "exec 1>&-; read line" with its streams piped
    Then pipe_connection_lost is called for fd 1
    And the child is still running after the quiet period
    When the parent closes the child's stdin
    Then process_exited is called once

  @CB-9 @CB-10 @CB-4 @CB-5
  Scenario: process_exited() once; connection_lost() last, after the child exited and every pipe closed
    Given a child running "printf done" with its streams piped
    Then connection_lost is called once with None
    And process_exited is called once
    And pipe_connection_lost is called once for each of fds 0, 1 and 2
    And connection_lost came after process_exited and after every pipe_connection_lost
    And no callback arrives after connection_lost

  # Every way a child can be ended from the parent, with the return code each gives (minus the signal's
  # number, as subprocess.Popen.returncode). close() closes the pipes first, then stops the child:
  # asyncio and the reference kill it (-9), the spec says terminate() (-15), so a negative return code
  # is what is required of it (stance S-10).
  @CB-4 @CB-5 @CB-9 @CB-10 @PT-6
  Scenario Outline: a child ended by <ending> exits <how>: process_exited() once, connection_lost() last, after every pipe closed
    Given a child running "exec sleep 30" with its streams piped
    When the parent <action>
    Then the child exits <how>
    And connection_lost is called once with None
    And process_exited is called once
    And pipe_connection_lost is called once for each of fds 0, 1 and 2
    And connection_lost came after process_exited and after every pipe_connection_lost
    And no callback arrives after connection_lost

    @PT-10
    Examples: terminate()
      | ending      | action          | how                 |
      | terminate() | calls terminate | with returncode -15 |

    @PT-7
    Examples: kill()
      | ending | action     | how                |
      | kill() | calls kill | with returncode -9 |

    @PT-9
    Examples: send_signal()
      | ending               | action          | how                 |
      | send_signal(SIGTERM) | sends signal 15 | with returncode -15 |
      | send_signal(SIGKILL) | sends signal 9  | with returncode -9  |
      | send_signal(SIGUSR1) | sends signal 10 | with returncode -10 |

    @PT-12 @PT-13 @stance
    Examples: close()
      | ending  | action      | how                        |
      | close() | calls close | with a negative returncode |

  @BT-15
  Scenario: get_extra_info("subprocess") is the process object
    Given a child running "exec cat" with its streams piped
    Then get_extra_info "subprocess" is a process object
    When the parent closes the child's stdin
    Then the child exits with returncode 0

  @FC-1 @FC-2 @FC-9
  Scenario: pause_writing() and resume_writing() reach the subprocess protocol through the stdin pipe
    # The child reads nothing until SIGUSR1 (10), then reads its stdin to the end.
    Given a child running "trap 'cat >/dev/null; exit 0' USR1; echo ready; while :; do sleep 0.05; done" with its streams piped
    When the child's stdout receives "ready\n"
    And the parent sets the stdin pipe's write buffer limits to high 1000 and low 0
    And the parent writes 1000000 bytes to the child's stdin
    Then pause_writing is called on the subprocess protocol
    When the parent sends signal 10
    Then resume_writing is called on the subprocess protocol
    When the parent closes the child's stdin
    Then the child exits with returncode 0

  @CB-8 @PT-6
  Scenario: subprocess_exec() runs the program with its arguments as given, without a shell
    Given a child executing these arguments with its streams piped:
      | printf   |
      | %s\|%s   |
      | a b      |
      | $HOME    |
    Then the child's stdout receives "a b|$HOME"
    And the child exits with returncode 0

  @PT-4 @CB-8
  Scenario: stderr sent to stdout has no pipe transport of its own and arrives on fd 1
    Given a child running "printf out; printf err >&2; printf end" with stdin piped, stdout piped and stderr stdout
    Then get_pipe_transport 2 is None
    And the child's stdout receives "outerrend"
    And the child exits with returncode 0

  @PT-3
  Scenario: an inherited stdout has no pipe transport
    Given a child running "exit 0" with stdin devnull, stdout inherited and stderr devnull
    Then get_pipe_transport 1 is None
    And the child exits with returncode 0

  @PR-5 @stance
  Scenario: every callback of a child process runs on the thread that runs the loop
    # asyncio waits for a child on a thread of its child watcher, and hands its exit to the loop.
    Given a child running "cat" with its streams piped
    When the parent sets the stdin pipe's write buffer limits to high 1000 and low 500
    And the parent writes 1000000 bytes to the child's stdin
    And pause_writing has been called
    And resume_writing has been called
    And the parent closes the child's stdin
    And pipe_data_received has been called
    And pipe_connection_lost has been called
    And process_exited has been called
    And connection_lost has been called
    Then every callback ran on the thread that runs the loop

  @WT-18 @stance
  Scenario: write() to the child's stdin after write_eof() raises
    Given a child running "cat" with its streams piped
    When the parent writes "last words" to the child's stdin
    And the parent writes eof to the child's stdin
    And the parent tries to write "too late" to the child's stdin
    Then the call raises an invalid state error
    And the child exits with returncode 0

  @FC-1 @FC-9 @stance
  Scenario: lowering the stdin pipe's high-water mark below its buffer size pauses the subprocess protocol at once
    # The child reads nothing until SIGUSR1 (10), then reads its stdin to the end.
    Given a child running "trap 'cat >/dev/null; exit 0' USR1; echo ready; while :; do sleep 0.05; done" with its streams piped
    When the child's stdout receives "ready\n"
    And the parent sets the stdin pipe's write buffer limits to high 10000000 and low 0
    And the parent writes 1000000 bytes to the child's stdin
    Then pause_writing is not called within the quiet period
    When the parent sets the stdin pipe's write buffer limits to high 1000 and low 0
    Then pause_writing is called on the subprocess protocol
    When the parent sends signal 10
    Then resume_writing is called on the subprocess protocol
    When the parent closes the child's stdin
    Then the child exits with returncode 0

  @PT-7 @stance
  Scenario: kill() raises once connection_lost() was called
    Given a child running "exit 0" with its streams piped
    Then connection_lost is called once with None
    When the parent tries to call kill
    Then the call raises an OS error

  @PT-9 @stance
  Scenario: send_signal() raises once connection_lost() was called
    Given a child running "exit 0" with its streams piped
    Then connection_lost is called once with None
    When the parent tries to send signal 10
    Then the call raises an OS error

  @PT-10 @stance
  Scenario: terminate() raises once connection_lost() was called
    Given a child running "exit 0" with its streams piped
    Then connection_lost is called once with None
    When the parent tries to call terminate
    Then the call raises an OS error

  @CB-11 @stance
  Scenario: subprocess_shell() returns the transport only after connection_made()
    Given a child running "exit 0" with its streams piped
    Then the call that created it returned it only after its connection_made
    And the child exits with returncode 0

  @CB-11 @stance
  Scenario: subprocess_exec() returns the transport only after connection_made()
    Given a child executing these arguments with its streams piped:
      | true |
    Then the call that created it returned it only after its connection_made
    And the child exits with returncode 0

  @TR-4 @stance
  Scenario: subprocess_exec() returns the transport its protocol's connection_made() received
    Given a child executing these arguments with its streams piped:
      | true |
    Then the call that created it returned the transport its connection_made received
    And the child exits with returncode 0

  @CB-5 @stance
  Scenario: connection_lost() does not begin inside a pipe_data_received() that closes the transport
    Given the protocol closes the transport on pipe_data_received
    And a child running "echo hello" with its streams piped
    Then connection_lost is called once, with None or an exception
    And connection_lost began only after pipe_data_received returned
