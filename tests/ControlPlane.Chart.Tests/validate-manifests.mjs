// Validates Kubernetes objects against the API schemas of the npm package kubernetes-models.
// stdin: a JSON array of objects; stdout: one line per problem ("Kind/name: message"); exit 1 when any.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const tools = process.argv[2];
const objects = JSON.parse(readFileSync(0, "utf8"));
const problems = [];
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const module = join(tools, "node_modules", "kubernetes-models", ...(group ? [group, version] : [version]), "index.js");
  const where = `${object.kind}/${object.metadata?.name}`;
  let models;
  try {
    models = await import(pathToFileURL(module).href);
  } catch (error) {
    problems.push(`${where}: no schema for apiVersion ${object.apiVersion} (${error.message})`);
    continue;
  }
  const Model = models[object.kind];
  if (!Model) {
    problems.push(`${where}: no schema for kind ${object.kind} in ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
for (const problem of problems) console.log(problem);
process.exit(problems.length ? 1 : 0);
