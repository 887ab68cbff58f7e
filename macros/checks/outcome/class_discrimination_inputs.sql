{#-
  class_discrimination's CTEs: per multiclass model, evaluation date and class, the class
  counts of the one-vs-rest labels (labelled with the class or not) per bin of the class's
  probability, of the window and of the reference, from the daily class profiles; their binned
  AUCs and DeLong variances (auc_from_bins), side by side in class_aucs.
-#}
{% macro check_class_discrimination_inputs() %}
class_bins as (
    {{ retrain_gate.window_and_reference_sums(ref('int_retrain_gate__daily_class_profile'), ['class_name', 'score_bin'],
        {'n_pos': 'profiles.n_label', 'n_neg': 'profiles.n_labelled - profiles.n_label'}, "profiles.class_name != '(other)'") }}
),
{%- for side in ['', 'reference_'] %}

{{ side }}class_auc as (
    {{ retrain_gate.auc_from_bins('(select model_id, eval_date, class_name, score_bin, ' ~ side ~ 'n_pos as n_pos, ' ~ side ~ 'n_neg as n_neg from class_bins) as bins',
                                  ['model_id', 'eval_date', 'class_name']) }}
),
{%- endfor %}

class_aucs as (
    select
        class_auc.model_id,
        class_auc.eval_date,
        class_auc.class_name,
        class_auc.auc,
        reference_class_auc.auc as reference_auc,
        class_auc.auc_error_bound,
        class_auc.n_pos + class_auc.n_neg as n_window,
        reference_class_auc.n_pos + reference_class_auc.n_neg as n_reference,
        -- the window and the reference are disjoint samples: their variances add
        sqrt(class_auc.auc_variance + reference_class_auc.auc_variance) as sigma,
        row_number() over (
            partition by class_auc.model_id, class_auc.eval_date
            order by coalesce(reference_class_auc.auc - class_auc.auc, -1) desc, class_auc.class_name
        ) as fall_rank
    from class_auc
    inner join reference_class_auc
        on
            class_auc.model_id = reference_class_auc.model_id
            and class_auc.eval_date = reference_class_auc.eval_date
            and class_auc.class_name = reference_class_auc.class_name
)
{%- endmacro %}
