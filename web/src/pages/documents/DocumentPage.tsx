import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Container } from 'design-react-kit';
import { documentPageView, documentViewUrl, type CdaDocumentView, type SectionView } from '../../api/cda.ts';
import type { Me } from '../../api/identity.ts';
import { documentContentUrl } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { useSession } from '../../session/SessionContext.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { Narrative } from './Narrative.tsx';
import { Results } from './Results.tsx';

/**
 * A CDA2 document as a page (issue 19 item 6): "Il mio fascicolo" (/fascicolo/documenti/:id, the citizen or a
 * delegate) and the GP's patient record (/medico/assistiti/:fiscalCode/documenti/:id). The API applies the
 * record's access rules and logs the read; the page only shows what it answers.
 */
export function DocumentPage() {
  const { t } = useTranslation();
  const { id = '', fiscalCode } = useParams();
  const { me } = useSession();
  const back =
    fiscalCode === undefined ? '/fascicolo#documenti' : `/medico/assistiti/${encodeURIComponent(fiscalCode)}`;
  const allow = (person: Me) => (fiscalCode === undefined ? person.kind === 'citizen' : person.role === 'gp');
  return (
    <Container className="my-5">
      <p className="mb-3">
        <Link to={back}>{fiscalCode === undefined ? t('cda.backToRecord') : t('cda.backToPatient')}</Link>
      </p>
      {/* The document's own title is the h1 once it shows; until then (no login, not allowed) the page's name is. */}
      {(me === null || !allow(me)) && <PageHeading />}
      <RequireSession
        as={fiscalCode === undefined ? 'citizen' : 'operator'}
        allow={allow}
        forbidden={fiscalCode === undefined ? t('fse.citizensOnly') : t('gp.gpsOnly')}
      >
        {() => <DocumentContent id={id} />}
      </RequireSession>
    </Container>
  );
}

/** The page's name as its heading and tab title, while no document is shown. */
function PageHeading() {
  const { t } = useTranslation();
  usePageTitle(t('cda.title'));
  return <h1>{t('cda.title')}</h1>;
}

function DocumentContent({ id }: { id: string }) {
  const { t } = useTranslation();
  const page = useApi(documentViewUrl(id), documentPageView);
  usePageTitle(page.status === 'ok' ? page.data.document.title : t('cda.title'));
  if (page.status === 'loading') return <Loading />;
  if (page.status === 'error') {
    return (
      <>
        <h1>{t('cda.title')}</h1>
        <ApiProblem error={page.error} onRetry={page.reload} />
      </>
    );
  }
  const { document, pdf, documentId } = page.data;
  return (
    <article aria-labelledby="cda-title" data-testid="cda-document">
      <p className="salus-eyebrow mb-1">{document.type.display}</p>
      <h1 id="cda-title">{document.title}</h1>
      <Header document={document} />
      {pdf && (
        <p className="d-flex flex-wrap gap-2 my-4">
          <a
            className="btn btn-outline-primary btn-sm"
            href={documentContentUrl(documentId)}
            target="_blank"
            rel="noopener"
          >
            {t('cda.openPdf')}
          </a>
          <a className="btn btn-outline-primary btn-sm" href={documentContentUrl(documentId, true)} download>
            {t('cda.downloadPdf')}
          </a>
        </p>
      )}
      {document.sections.map((section, index) => (
        <Section key={index} section={section} level={2} />
      ))}
    </article>
  );
}

function Header({ document }: { document: CdaDocumentView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const p = document.patient;
  const rows: [string, string | null][] = [
    [t('cda.patient'), [p.name, p.fiscalCode].filter((v) => v !== null && v !== '').join(' · ') || null],
    [t('cda.birthDate'), p.birthDate === null ? null : format.date(p.birthDate)],
    [t('cda.date'), document.date === null ? null : format.dateTime(document.date)],
    [t('cda.author'), document.author?.name ?? null],
    [t('cda.organisation'), document.organisation],
    [t('cda.legalAuthenticator'), document.legalAuthenticator?.name ?? null],
  ];
  return (
    <dl className="row salus-cda-header" data-testid="cda-header">
      {rows
        .filter((r): r is [string, string] => r[1] !== null)
        .map(([label, value]) => (
          <div key={label} className="col-12 col-md-6 mb-2">
            <dt>{label}</dt>
            <dd className="mb-0">{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** Headings follow the sections' nesting (h2, h3...), up to h6. */
function Section({ section, level }: { section: SectionView; level: number }) {
  const Heading = `h${String(Math.min(level, 6))}` as 'h2';
  return (
    <section className="mt-4" data-testid="cda-section">
      <Heading className={level === 2 ? 'h3' : 'h5'}>{section.title}</Heading>
      <Narrative nodes={section.narrative} />
      <Results rows={section.results} caption={section.title} />
      {section.sections.map((s, index) => (
        <Section key={index} section={s} level={level + 1} />
      ))}
    </section>
  );
}
