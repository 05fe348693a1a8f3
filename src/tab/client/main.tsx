import { App } from './App.js';
import { mountPage } from './host.js';

void mountPage((host) => <App host={host} />);
