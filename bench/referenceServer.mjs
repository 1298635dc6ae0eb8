/**
 * The reference y-websocket server (@y/websocket-server 0.1.1) as its README starts it: a plain
 * http server whose upgrades go to `setupWSConnection`. Run as a child process of the benchmark so
 * that its RSS is its own. Persistence stays off (YPERSISTENCE is removed from the environment by
 * the launcher), so it keeps every document in memory and never touches LevelDB. Plain JavaScript,
 * run by node with no loader, as Yttra's compiled server is: neither pays for a TypeScript loader.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.env.PORT ?? 0);
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (socket, request) => setupWSConnection(socket, request));
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
