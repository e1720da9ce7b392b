#!/usr/bin/env bash
# Drift on a wave's deployed service stacks, before its deploy (docs/pipeline.md, "Release controls").
#
#   drift_check.sh MODE PROFILE REGION STACK REPORTED [STACK REPORTED]...
#
# MODE is "stop" (exit 1 when a stack has drifted, listing the drifted resources) or "warn" (list them, exit 0).
# PROFILE is an AWS CLI profile that assumes the environment's drift reader role (bootstrap/drift-reader-role.json).
# A stack that does not exist yet (the first deploy) has nothing to drift. A detection that CloudFormation could
# not complete (DETECTION_FAILED: a resource it could not read) fails in both modes: drift is then unknown.
# REPORTED is a JMESPath filter over the stack's StackResourceDrifts[] (pipeline/scaling_drift.py writes it from the
# stack's template): it leaves out a table whose only differences are the capacities its scalable targets change.
set -euo pipefail

mode=$1 profile=$2 region=$3
shift 3
if [ $(($# % 2)) -ne 0 ]; then
  echo "usage: drift_check.sh MODE PROFILE REGION STACK REPORTED [STACK REPORTED]..." >&2
  exit 2
fi
cfn=(aws --profile "$profile" --region "$region" cloudformation)
drifted=0

while [ "$#" -ge 2 ]; do
  stack=$1 reported=$2
  shift 2
  if ! found=$("${cfn[@]}" describe-stacks --stack-name "$stack" --query "Stacks[0].StackName" --output text 2>&1); then
    if grep -q "does not exist" <<<"$found"; then
      echo "$stack: not deployed yet, nothing to drift"
      continue
    fi
    echo "$found" >&2
    exit 1
  fi
  id=$("${cfn[@]}" detect-stack-drift --stack-name "$stack" --query StackDriftDetectionId --output text)
  status=DETECTION_IN_PROGRESS
  while [ "$status" = DETECTION_IN_PROGRESS ]; do
    sleep "${DRIFT_POLL_SECONDS:-5}"
    read -r status reason < <("${cfn[@]}" describe-stack-drift-detection-status --stack-drift-detection-id "$id" \
      --query "[DetectionStatus,DetectionStatusReason]" --output text)
  done
  if [ "$status" != DETECTION_COMPLETE ]; then
    echo "$stack: drift detection did not complete ($status): $reason" >&2
    exit 1
  fi
  resources=$("${cfn[@]}" describe-stack-resource-drifts --stack-name "$stack" \
    --stack-resource-drift-status-filters MODIFIED DELETED \
    --query "StackResourceDrifts[?$reported].[StackResourceDriftStatus,LogicalResourceId,ResourceType,PhysicalResourceId]" \
    --output text)
  if [ -n "$resources" ]; then
    drifted=1
    echo "$stack ($region) has drifted; resources changed or deleted outside CloudFormation:"
    echo "$resources"
  else
    echo "$stack ($region): in sync"
  fi
done

if [ "$drifted" -eq 1 ]; then
  if [ "$mode" = stop ]; then
    echo "Stopping before the deploy: put the drifted resources back (or make the change in code), then retry." >&2
    exit 1
  fi
  echo "WARNING: deploying over drift (releaseControls.drift is warn)"
fi
