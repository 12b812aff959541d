#!/bin/sh
# Creates the two teams' roles in account 111122223333 from the policies beside this script.
set -eu
cd "$(dirname "$0")"

aws iam create-role --role-name DevTeamARole --assume-role-policy-document file://trust-policy-dev-team-a.json
aws iam put-role-policy --role-name DevTeamARole --policy-name DevTeamAPolicy --policy-document file://dev-team-a-policy.json

aws iam create-role --role-name DevTeamBRole --assume-role-policy-document file://trust-policy-dev-team-b.json
aws iam put-role-policy --role-name DevTeamBRole --policy-name DevTeamBPolicy --policy-document file://dev-team-b-policy.json
