import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { detectHost } from './host.js';

async function start() {
  const host = await detectHost();
  const element = document.getElementById('root');
  if (!element) throw new Error('#root missing');
  createRoot(element).render(<App host={host} />);
}

void start();
