#!/bin/sh
# A fake driver speaking (some of) drivers/PROTOCOL.md, for the out-of-process driver's tests. Needs
# only /bin/sh, printf, sed and awk. Usage: sh fake-driver.sh MODE, where MODE is
#   good            answers hello; create_connection, create_datagram_endpoint and create_subprocess
#                   make c1 (connection_made, then the reply);
#                   invoke answers every call with null; close sends connection_lost and exits 0
# In every mode, a close right after hello is answered (the TCK says hello to a first child and closes
# it); the misbehaviour is on the first other request.
#   crash           answers hello, then dies on the next request (exit status 3, a traceback on stderr)
#   exit-after-reply  answers hello, answers the next request, then exits with status 4
#   mute            answers hello, then reads every request and answers none
#   mute-hello      answers nothing, not even hello
#   slow-hello      sleeps 2 s (more than the tests' arrival timeout, less than their start-up timeout)
#                   before it answers hello, then behaves as good
#   slow-subprocess behaves as good, but takes 2 s to answer a create_subprocess
#   nonsense        answers hello, then answers the next request with a line that is not JSON
#   protocol-error  answers hello, refuses the next request with a protocol_error, then behaves as good
#   unknown-id      answers hello, then answers the next request with a reply to another id
#   old-protocol    answers hello as protocol version 2
#   background      answers hello, then starts a long sleep in the background and behaves as mute
#   slow-reader     answers hello, then reads the next request one pipe read (at most 64 KiB) a tenth of
#                   a second, answers it with one null outcome, then behaves as good
#   stalled         answers hello, then reads at most 64 KiB of the next request and no more
#   endless-line    answers hello, then answers the next request with a line that never ends
#   endless-stderr  answers hello, then on the next request starts writing a line that never ends to
#                   stderr (in the background) and behaves as mute
#   garbage         answers hello, then answers the next request with 1 MiB of random bytes and
#                   behaves as mute
#   flood           answers hello (offering subprocesses too); on the next request makes c1
#                   (connection_made, then the reply), then writes data_received events of 48 KiB each on
#                   c1 without end
mode=$1
seq=0

reply() { # id, value
    printf '{"type":"reply","id":%s,"ok":true,"value":%s}\n' "$1" "$2"
}

event() { # target, callback, args
    seq=$((seq + 1))
    printf '{"type":"event","seq":%s,"target":"%s","origin":null,"callback":"%s","args":%s,"thread":"MainThread","nanos":%s,"concurrent":false,"probes":{}}\n' \
        "$seq" "$1" "$2" "$3" "$seq"
    printf '{"type":"complete","seq":%s,"returned":null,"reactions":[]}\n' "$seq"
}

id_of() {
    printf '%s' "$1" | sed -n 's/^{"id":\([0-9]*\).*/\1/p'
}

op_of() {
    printf '%s' "$1" | sed -n 's/.*"op":"\([a-z_]*\)".*/\1/p'
}

calls_in() { # one null outcome per call
    printf '%s' "$1" | awk -F'"method"' '{ for (i = 2; i <= NF; i++) printf "%s{\"ok\":true,\"value\":null}", (i > 2 ? "," : "") }'
}

[ "$mode" = slow-hello ] && sleep 2
read -r line
[ "$mode" = mute-hello ] && { while read -r line; do :; done; exit 0; }
if [ "$mode" = old-protocol ]; then
    reply "$(id_of "$line")" '{"protocol":2,"implementation":"fake","capabilities":[],"description":"from the future"}'
    exit 0
fi
capabilities='["tcp"]'
[ "$mode" = flood ] && capabilities='["tcp","subprocess"]'
reply "$(id_of "$line")" '{"protocol":1,"implementation":"fake","capabilities":'"$capabilities"',"description":"a fake driver in sh"}'
echo "fake driver ready in mode $mode" >&2

# A pipe read of at most 64 KiB of a request, its line ends as '~'; nothing at the end of input.
chunk() {
    dd bs=65536 count=1 2>/dev/null | tr '\n' '~'
}

case $mode in
    slow-reader|stalled)
        request=$(chunk)
        [ -n "$request" ] || exit 0
        id=$(id_of "$request")
        if [ "$(op_of "$request")" = close ]; then
            reply "$id" null
            exit 0
        fi
        if [ "$mode" = stalled ]; then
            echo "stopped reading request $id" >&2
            exec sleep 600
        fi
        until case $request in *'~'*) true ;; *) false ;; esac; do
            sleep 0.1
            request=$(chunk)
            [ -n "$request" ] || exit 0
        done
        echo "read request $id slowly" >&2
        reply "$id" '[{"ok":true,"value":null}]' ;;
esac

first=yes
while read -r line; do
    id=$(id_of "$line")
    op=$(op_of "$line")
    if [ "$first" = yes ] && [ "$op" != close ]; then
        first=no
        case $mode in
            crash)
                printf 'Traceback (most recent call last):\nRuntimeError: simulated crash on %s\n' "$op" >&2
                exit 3 ;;
            mute)
                while read -r line; do :; done
                exit 0 ;;
            background)
                sleep 600 &
                echo "started a sleep, pid $!" >&2
                while read -r line; do :; done
                exit 0 ;;
            nonsense)
                echo "this is not JSON"
                continue ;;
            protocol-error)
                printf '{"type":"protocol_error","id":%s,"message":"I do not understand %s"}\n' "$id" "$op"
                continue ;;
            unknown-id)
                reply 999 null
                continue ;;
            endless-line)
                yes | tr -d '\n'
                exit 0 ;;
            endless-stderr)
                yes | tr -d '\n' >&2 &
                while read -r line; do :; done
                exit 0 ;;
            garbage)
                head -c 1048576 /dev/urandom
                while read -r line; do :; done
                exit 0 ;;
            flood)
                event c1 connection_made '[]'
                reply "$id" '"c1"'
                chunk=$(head -c 49152 /dev/zero | base64 | tr -d '\n')
                awk -v chunk="$chunk" -v first=$((seq + 1)) 'BEGIN {
                    for (s = first; ; s++) {
                        printf "{\"type\":\"event\",\"seq\":%d,\"target\":\"c1\",\"origin\":null,\"callback\":\"data_received\",\"args\":[{\"$bytes\":\"%s\"}],\"thread\":\"MainThread\",\"nanos\":%d,\"concurrent\":false,\"probes\":{}}\n", s, chunk, s
                        printf "{\"type\":\"complete\",\"seq\":%d,\"returned\":null,\"reactions\":[]}\n", s
                    }
                }'
                exit 0 ;;
            exit-after-reply)
                reply "$id" '"c1"'
                echo "exiting after a reply" >&2
                exit 4 ;;
        esac
    fi
    case $op in
        create_connection|create_datagram_endpoint|create_subprocess)
            [ "$mode" = slow-subprocess ] && [ "$op" = create_subprocess ] && sleep 2
            event c1 connection_made '[]'
            reply "$id" '"c1"' ;;
        invoke)
            reply "$id" "[$(calls_in "$line")]" ;;
        close)
            event c1 connection_lost '[null]'
            reply "$id" null
            exit 0 ;;
        *)
            printf '{"type":"protocol_error","id":%s,"message":"unknown op"}\n' "$id" ;;
    esac
done
