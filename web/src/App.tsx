import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './layout/Layout.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PersonalAreaPage } from './pages/PersonalAreaPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { RegistryPage } from './pages/RegistryPage.tsx';
import { GpPage } from './pages/gp/GpPage.tsx';
import { PatientPage } from './pages/gp/PatientPage.tsx';
import { SessionProvider } from './session/SessionContext.tsx';

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="registry" element={<RegistryPage />} />
            <Route path="area-personale" element={<PersonalAreaPage />} />
            <Route path="profilo" element={<ProfilePage />} />
            <Route path="medico" element={<GpPage />} />
            <Route path="medico/assistiti/:fiscalCode" element={<PatientPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}
