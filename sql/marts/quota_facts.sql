-- One credible figure per quota: per table (flygtningefordeling, sosu_laerepladser), year,
-- education (SOSU only), level and area, across all referater, the figure to use and why (basis):
-- 'stated once'; 'stated alike in N referater'; 'revised' (the latest statement of a revision,
-- replaced = the figure it replaced); 'parts sum to it' (of conflicting figures, the one its
-- regions or kommuner, all stated in one referat, add up to); 'undecided' (figure NULL; the
-- quota_differs_between_referater findings name the referater that disagree).
-- source = file:line the figure rests on; statements = every statement, 'value @ file:line'.
with

refugees as (
    select
        'flygtningefordeling' as quota_table, quota_year as year, cast(null as varchar) as education,
        level, area, region, kommune_code, quota as value, revised_from,
        meeting_id, source_file, source_line
    from stg_flygtningefordeling
),

places as (
    select
        'sosu_laerepladser', year, education, level, area, region, kommune_code, places, null,
        meeting_id, source_file, source_line
    from stg_sosu_laerepladser
),

meetings as (select meeting_id, meeting_date from stg_meetings),
kommuner as (select * from stg_kommuner),

statements as (
    select s.*, m.meeting_date, s.source_file || ':' || s.source_line as source
    from (select * from refugees union all select * from places) as s
    join meetings as m using (meeting_id)
),

parts_expected as (
    select 'region' as level, region as area, count(*) as expected from kommuner group by region
    union all
    select 'national', 'Hele landet', count(distinct region) from kommuner
),

parts as (
    select quota_table, year, education, meeting_id, 'region' as level, region as area,
        sum(value) as summed, count(*) as n
    from statements where level = 'kommune' group by all
    union all
    select quota_table, year, education, meeting_id, 'national', 'Hele landet', sum(value), count(*)
    from statements where level = 'region' group by all
),

complete_parts as (
    select p.* from parts as p join parts_expected as e using (level, area) where p.n = e.expected
),

candidates as (
    select
        s.quota_table, s.year, s.education, s.level, s.area,
        s.value,
        max(s.meeting_date) as latest,
        bool_or(s.revised_from is not null) as revised,
        arg_max(s.revised_from, s.meeting_date) as replaced,
        arg_max(s.source, s.meeting_date) as source,
        count(distinct s.meeting_id) as referater,
        bool_or(exists (
            select 1 from complete_parts as c
            where c.quota_table = s.quota_table and c.year = s.year
                and c.education is not distinct from s.education
                and c.level = s.level and c.area = s.area and c.summed = s.value
        )) as parts_sum
    from statements as s
    group by all
),

keys as (
    select
        quota_table, year, education, level, area,
        any_value(region) as region,
        any_value(kommune_code) as kommune_code,
        count(distinct value) as figures,
        count(distinct meeting_id) as referater,
        string_agg(value || ' @ ' || source, '; ' order by meeting_date, source) as statements
    from statements
    group by quota_table, year, education, level, area
),

latest_revision as (
    select quota_table, year, education, level, area,
        arg_max(value, latest) as value, arg_max(replaced, latest) as replaced,
        arg_max(source, latest) as source
    from candidates where revised group by all
),

parts_choice as (
    select quota_table, year, education, level, area,
        any_value(value) as value, any_value(source) as source
    from candidates where parts_sum group by all having count(*) = 1
),

decided as (
    select
        k.quota_table, k.year, k.education, k.level, k.area, k.region, k.kommune_code,
        case
            when k.figures = 1 then c.value
            when r.value is not null then r.value
            when p.value is not null then p.value
        end as value,
        case
            when k.figures = 1 and k.referater = 1 then 'stated once'
            when k.figures = 1 then 'stated alike in ' || k.referater || ' referater'
            when r.value is not null then 'revised'
            when p.value is not null then 'parts sum to it'
            else 'undecided'
        end as basis,
        case when k.figures > 1 and r.value is not null then r.replaced end as replaced,
        case
            when k.figures = 1 then c.source
            when r.value is not null then r.source
            when p.value is not null then p.source
        end as source,
        k.referater,
        k.statements
    from keys as k
    left join candidates as c
        on k.figures = 1 and c.quota_table = k.quota_table and c.year = k.year
        and c.education is not distinct from k.education and c.level = k.level and c.area = k.area
    left join latest_revision as r
        on r.quota_table = k.quota_table and r.year = k.year
        and r.education is not distinct from k.education and r.level = k.level and r.area = k.area
    left join parts_choice as p
        on p.quota_table = k.quota_table and p.year = k.year
        and p.education is not distinct from k.education and p.level = k.level and p.area = k.area
)

select * from decided
order by quota_table, year, education nulls first, level, area
