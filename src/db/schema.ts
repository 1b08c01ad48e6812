import type { CertificatesTables, CertificatesViews } from '../certificates/db-types.ts';
import type { CampaignsTables, CampaignsViews } from '../campaigns/db-types.ts';
import type { IdentityTables } from '../identity/db-types.ts';
import type { RegistryTables, RegistryViews } from '../registry/db-types.ts';
import type { SchedulingTables, SchedulingViews } from '../scheduling/db-types.ts';
import type { RecordsTables } from '../records/db-types.ts';
import type { GatewayTables, VaccTables } from '../fse2/db-types.ts';
import type { WaitroomTables } from '../waitroom/db-types.ts';
import type { NotifyTables } from '../notify/db-types.ts';

/**
 * Every table, for the composition root and src/db/ only. Each module owns its tables (its db-types.ts) and works
 * through a handle typed with them alone (src/db/tables.ts); it reads another's through that module's service or a
 * view the owner publishes (migrations/0028_published_views.sql).
 */
export interface Database
  extends
    RegistryTables,
    RegistryViews,
    IdentityTables,
    CampaignsTables,
    CampaignsViews,
    SchedulingTables,
    SchedulingViews,
    RecordsTables,
    WaitroomTables,
    NotifyTables,
    GatewayTables,
    VaccTables,
    CertificatesTables,
    CertificatesViews {}
