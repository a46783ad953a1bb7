import { createRoot } from 'react-dom/client';
import { App } from './app';
import '@plankit/react/styles.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// Not in <StrictMode> for now: StrictMode's double effect run makes @plankit/react's CancelWithReason move
// focus to its heading on mount (its "first run" ref survives the re-run), which scrolls the Account page down
// in development. Production is unaffected. Restore StrictMode once the kit resets that ref.
createRoot(root).render(<App />);
