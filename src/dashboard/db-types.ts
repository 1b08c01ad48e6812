/**
 * The dashboard owns no table: it reads the aggregates-only views the owners of the counted tables publish
 * (migrations/0028_published_views.sql), and declares here what it reads of them. None has a person in it.
 */
export interface DashboardReads {
  campaigns_enrollment_facts: { campaign_code: string; cohort_id: number; channel: string; enrolled_at: Date };
  campaigns_cohort_coverage: {
    campaign_code: string;
    cohort_id: number;
    label: string;
    opens_at: Date;
    born_to_year: number;
    eligible: number;
    enrolled: number;
  };
  campaigns_province_coverage: { campaign_code: string; province: string; eligible: number; enrolled: number };
  scheduling_bookings: { created_at: Date; status: string };
  scheduling_doses: { administered_at: Date };
  certificates_issued: { type: string; issued_at: Date };
}
