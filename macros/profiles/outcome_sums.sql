{#-
  The sums of matured feedback the daily outcome profile keeps per day x segment x band x score
  bin, and the band outcomes per window and reference (int_retrain_gate__daily_outcome_profile
  says what each sums). Counts (n_*) are whole numbers, the rest doubles.
-#}
{% macro outcome_sums() %}
  {{ return(['n_scored', 'n_labelled', 'n_positive', 'sum_label', 'sum_label_sq', 'sum_score', 'sum_score_sq',
             'sum_abs_error', 'sum_sq_error', 'n_loss', 'sum_loss', 'sum_exposure', 'sum_loss_sq', 'sum_exposure_sq',
             'sum_loss_exposure', 'n_proxy', 'n_proxy_positive', 'n_proxy_target']) }}
{% endmacro %}
