import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './layout/Layout.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PersonalAreaPage } from './pages/PersonalAreaPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { RegistryPage } from './pages/RegistryPage.tsx';
import { AppointmentsPage } from './pages/appointments/AppointmentsPage.tsx';
import { CampaignPage } from './pages/campaigns/CampaignPage.tsx';
import { CampaignsPage } from './pages/campaigns/CampaignsPage.tsx';
import { CentrePage } from './pages/centre/CentrePage.tsx';
import { FascicoloPage } from './pages/fascicolo/FascicoloPage.tsx';
import { DocumentPage } from './pages/documents/DocumentPage.tsx';
import { EnrollPage } from './pages/enroll/EnrollPage.tsx';
import { ResumeLinkPage } from './pages/enroll/ResumeLinkPage.tsx';
import { ResumePage } from './pages/enroll/ResumePage.tsx';
import { GpPage } from './pages/gp/GpPage.tsx';
import { PatientPage } from './pages/gp/PatientPage.tsx';
import { PharmacyPage } from './pages/operators/PharmacyPage.tsx';
import { PhonesPage } from './pages/phones/PhonesPage.tsx';
import { RegionCapacityPage } from './pages/region/RegionCapacityPage.tsx';
import { RefusedForwardsPage } from './pages/region/RefusedForwardsPage.tsx';
import { DashboardPage } from './pages/dashboard/DashboardPage.tsx';
import { DayReportPage } from './pages/dashboard/DayReportPage.tsx';
import { MyCertificatesPage } from './pages/certificates/MyCertificatesPage.tsx';
import { RapidTestPage } from './pages/certificates/RapidTestPage.tsx';
import { RetrievePage } from './pages/certificates/RetrievePage.tsx';
import { RevokePage } from './pages/certificates/RevokePage.tsx';
import { VerifierPage } from './pages/certificates/VerifierPage.tsx';
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
            <Route path="fascicolo" element={<FascicoloPage />} />
            <Route path="medico" element={<GpPage />} />
            <Route path="medico/assistiti/:fiscalCode" element={<PatientPage />} />
            <Route path="fascicolo/documenti/:id" element={<DocumentPage />} />
            <Route path="medico/assistiti/:fiscalCode/documenti/:id" element={<DocumentPage />} />
            <Route path="campagne" element={<CampaignsPage />} />
            <Route path="campagne/:code" element={<CampaignPage />} />
            <Route path="adesione/:code" element={<EnrollPage />} />
            <Route path="riprendi" element={<ResumePage />} />
            <Route path="r/:token" element={<ResumeLinkPage />} />
            <Route path="farmacia" element={<PharmacyPage />} />
            <Route path="farmacia/tampone" element={<RapidTestPage />} />
            <Route path="fascicolo/certificati" element={<MyCertificatesPage />} />
            <Route path="verifica" element={<VerifierPage />} />
            <Route path="certificato" element={<RetrievePage />} />
            <Route path="regione/certificati" element={<RevokePage />} />
            <Route path="telefoni" element={<PhonesPage />} />
            <Route path="appuntamenti" element={<AppointmentsPage />} />
            <Route path="centro" element={<CentrePage />} />
            <Route path="regione/capacita" element={<RegionCapacityPage />} />
            <Route path="regione/cruscotto" element={<DashboardPage />} />
            <Route path="regione/rapporto" element={<DayReportPage />} />
            <Route path="regione/inoltri-rifiutati" element={<RefusedForwardsPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}
