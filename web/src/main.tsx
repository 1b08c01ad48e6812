import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import './fonts.css';
import './styles.css';
import { App } from './App.tsx';
import { initI18n } from './i18n.ts';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// Render only once the catalogue is loaded, so the first paint is already in
// the chosen language (no flash of Italian for an English user, or of keys).
void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
