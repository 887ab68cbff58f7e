{#-
  Whether each day repeats the day before exactly. `day_totals` (model_id, profile_date,
  feature, n_values, mean_value, variance) and `day_bins` (model_id, profile_date, feature,
  bin_index, n) describe each day's values; a day repeats when the day before has values too,
  the same mean and variance (to 1e-9 relative: the same values summed in another order may
  differ in the last bit), and every bin the same share: n_today * N_yesterday =
  n_yesterday * N_today in integers (a bin absent on one side counts 0).
  Returns model_id, profile_date, feature, n_values, is_repeat (1 or 0).
-#}
{% macro repeats_previous_day(day_totals, day_bins) %}
  with bins_beside_previous as (
    select
      coalesce(today.model_id, yesterday.model_id) as model_id,
      coalesce(today.profile_date, yesterday.profile_date) as profile_date,
      coalesce(today.feature, yesterday.feature) as feature,
      coalesce(today.n, 0) as n_today,
      coalesce(yesterday.n, 0) as n_yesterday
    from {{ day_bins }} as today
    full outer join (
      select model_id, {{ retrain_gate.add_days('profile_date', 1) }} as profile_date, feature, bin_index, n
      from {{ day_bins }}
    ) as yesterday
      on
        today.model_id = yesterday.model_id
        and today.profile_date = yesterday.profile_date
        and today.feature = yesterday.feature
        and today.bin_index = yesterday.bin_index
  ),

  totals_beside_previous as (
    select
      today.model_id,
      today.profile_date,
      today.feature,
      today.n_values,
      yesterday.n_values as n_values_yesterday,
      {{ retrain_gate.nearly_equal('today.mean_value', 'yesterday.mean_value') }}
      and {{ retrain_gate.nearly_equal('today.variance', 'yesterday.variance') }} as same_moments
    from {{ day_totals }} as today
    left join {{ day_totals }} as yesterday
      on
        today.model_id = yesterday.model_id
        and today.feature = yesterday.feature
        and {{ retrain_gate.add_days('yesterday.profile_date', 1) }} = today.profile_date
  ),

  moved_bins as (
    select
      beside.model_id,
      beside.profile_date,
      beside.feature,
      count(*) as n_moved
    from bins_beside_previous as beside
    inner join totals_beside_previous as totals
      on
        beside.model_id = totals.model_id
        and beside.profile_date = totals.profile_date
        and beside.feature = totals.feature
    where beside.n_today * totals.n_values_yesterday <> beside.n_yesterday * totals.n_values
    group by beside.model_id, beside.profile_date, beside.feature
  )

  select
    totals.model_id,
    totals.profile_date,
    totals.feature,
    totals.n_values,
    case
      when totals.n_values_yesterday is not null and totals.same_moments and moved_bins.n_moved is null then 1
      else 0
    end as is_repeat
  from totals_beside_previous as totals
  left join moved_bins
    on
      totals.model_id = moved_bins.model_id
      and totals.profile_date = moved_bins.profile_date
      and totals.feature = moved_bins.feature
{%- endmacro %}


{#- Both null, or equal to 1e-9 relative. -#}
{% macro nearly_equal(a, b) %}
  (({{ a }} is null and {{ b }} is null) or abs({{ a }} - {{ b }}) <= 1e-9 * (abs({{ a }}) + abs({{ b }})))
{%- endmacro %}
