import { connect } from 'node:net';

/** What came back on a raw socket: the status line's code (0 if none) and everything received. */
export interface RawReply {
  status: number;
  text: string;
}

/**
 * Writes bytes to a loopback port exactly as given (lying Content-Length, chunked bodies, malformed framing) and
 * collects the answer until the server closes or `quietMs` pass without data.
 */
export function rawRequest(port: number, chunks: Array<string | Buffer>, quietMs = 1500): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve({ status: match ? Number(match[1]) : 0, text: received });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    socket.on('data', (data) => {
      received += data.toString('latin1');
      // One full response is enough: stop at the end of its body when the length is known.
      const head = received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(received.slice(0, head));
      if (head !== -1 && length && received.length >= head + 4 + Number(length[1])) finish();
      else arm();
    });
    socket.on('end', finish);
    socket.on('error', (error) => (received ? finish() : reject(error)));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      arm();
    });
  });
}
