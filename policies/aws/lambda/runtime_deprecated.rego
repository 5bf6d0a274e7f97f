# METADATA
# title: Lambda function uses a deprecated runtime
# description: >-
#   The function runs on a Lambda-managed runtime past its deprecation date: AWS no longer applies
#   security patches to it, the function is no longer eligible for technical support, and creating
#   or updating functions on it is blocked soon after. Dates are those AWS published for each
#   runtime identifier (table in the rule, as of 2026-12), compared with the scan's clock; a runtime
#   the table does not list (a newer one) is supported. Container-image functions choose their
#   runtime in the image and do not apply.
# custom:
#   id: aws-lambda-runtime-deprecated
#   severity: medium
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Console: Lambda > Functions > select the function > Code > Runtime settings > Edit > choose a
#     supported runtime (e.g. nodejs22.x, python3.13, java21, dotnet8, ruby3.4, provided.al2023) >
#     Save, after testing the code on it.
#     CLI: aws lambda update-function-configuration --function-name <function> --runtime <runtime>
#     (and update the code package if the language version needs it).
package stance.rules.aws.lambda.runtime_deprecated

import data.stance.lib.dates
import rego.v1

# Runtime identifier -> the date AWS deprecated it (or announced it will).
deprecated := {
	"nodejs": "2016-10-31",
	"nodejs4.3": "2020-03-05",
	"nodejs4.3-edge": "2019-04-30",
	"nodejs6.10": "2019-08-12",
	"nodejs8.10": "2020-03-06",
	"nodejs10.x": "2021-07-30",
	"nodejs12.x": "2023-03-31",
	"nodejs14.x": "2023-12-04",
	"nodejs16.x": "2024-06-12",
	"nodejs18.x": "2025-09-01",
	"nodejs20.x": "2026-04-30",
	"nodejs22.x": "2027-04-30",
	"python2.7": "2021-07-15",
	"python3.6": "2022-07-18",
	"python3.7": "2023-12-04",
	"python3.8": "2024-10-14",
	"python3.9": "2025-12-15",
	"ruby2.5": "2021-07-30",
	"ruby2.7": "2023-12-07",
	"ruby3.2": "2026-03-31",
	"ruby3.3": "2027-03-31",
	"java8": "2024-01-08",
	"go1.x": "2024-01-08",
	"provided": "2024-01-08",
	"dotnetcore1.0": "2019-07-30",
	"dotnetcore2.0": "2019-05-30",
	"dotnetcore2.1": "2022-01-05",
	"dotnetcore3.1": "2023-04-03",
	"dotnet5.0": "2022-05-10",
	"dotnet6": "2024-12-20",
	"dotnet7": "2024-05-14",
	"dotnet8": "2026-11-10",
}

config := input.resource.config

runtime := object.get(config, "Runtime", null)

not_applicable if {
	runtime == null
	config.PackageType == "Image"
}

unknown contains msg if {
	runtime == null
	object.get(config, "PackageType", "Zip") != "Image"
	msg := sprintf("Lambda function %s: its Runtime was not reported", [input.resource.name])
}

deny contains {"msg": msg, "runtime": runtime, "deprecated": date} if {
	date := deprecated[runtime]
	dates.ns(date) <= input.context.now_ns
	msg := sprintf("Lambda function %s runs on %s, deprecated since %s", [input.resource.name, runtime, date])
}
