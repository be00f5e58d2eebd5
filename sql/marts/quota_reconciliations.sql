-- One row per meeting, quota year and region: the region's quota next to the sum of its
-- kommuner's quotas, and the country's next to the sum of its regions (area 'Hele landet').
-- parts / expected_parts: how many kommuner (regions) the referat states, of how many there are;
-- difference = stated - summed, only where every part is stated (else it means nothing).
with

quotas as (select * from stg_flygtningefordeling),
kommuner as (select * from stg_kommuner),

expected as (
    select region as area, 'region' as level, count(*) as expected_parts
    from kommuner
    group by region
    union all
    select 'Hele landet', 'national', count(distinct region) from kommuner
),

kommune_sums as (
    select meeting_id, quota_year, region as area, sum(quota) as summed, count(*) as parts
    from quotas
    where level = 'kommune'
    group by all
),

region_sums as (
    select meeting_id, quota_year, 'Hele landet' as area, sum(quota) as summed, count(*) as parts
    from quotas
    where level = 'region'
    group by all
),

sums as (
    select *, 'region' as level from kommune_sums
    union all
    select *, 'national' as level from region_sums
),

stated as (
    select meeting_id, quota_year, level, area, quota as stated, source_file, source_line
    from quotas
    where level in ('region', 'national')
),

reconciled as (
    select
        coalesce(stated.meeting_id, sums.meeting_id) as meeting_id,
        coalesce(stated.quota_year, sums.quota_year) as quota_year,
        coalesce(stated.level, sums.level) as level,
        coalesce(stated.area, sums.area) as area,
        stated.stated,
        sums.summed,
        sums.parts,
        expected.expected_parts,
        case when sums.parts = expected.expected_parts then stated.stated - sums.summed end
            as difference,
        stated.source_file,
        stated.source_line
    from stated
    full outer join sums
        on stated.meeting_id = sums.meeting_id
        and stated.quota_year = sums.quota_year
        and stated.level = sums.level
        and stated.area = sums.area
    left join expected
        on coalesce(stated.level, sums.level) = expected.level
        and coalesce(stated.area, sums.area) = expected.area
)

select * from reconciled
order by meeting_id, quota_year, case level when 'national' then 0 else 1 end, area
