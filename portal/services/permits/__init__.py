"""Permits: the permit's whole life after the intake.

Owns the IND and COA events on a person (asylum decision, leaving reception, planned and
done transfers) and the tasks and notifications they create; the re-check of vacancies
and hires when a minimum wage is added; COA as a partner (COA accounts, their reception
centres and referrals); and job retention across a COA transfer (the employment
statement and its outcome).

May call: the shared modules, ``notifications``, ``candidates``, ``vacancies``, ``twv``
and ``matches``. No other area imports it (only views do).
"""
