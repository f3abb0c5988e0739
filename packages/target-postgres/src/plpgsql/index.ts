// The PostgreSQL / PL/pgSQL generator for T-SQL modules and expressions.
export {
  convertModule,
  convertExpression,
  lowerTableExpression,
  convertUserType,
  type ConvertedModule,
  type ModuleSource,
} from './convert-module.js';
export {
  namesFromModel,
  inferNaming,
  type NameResolver,
  type TargetRelation,
  type TargetColumn,
  type ResolverOptions,
} from './name-resolver.js';
export {
  convertModel,
  moduleSteps,
  planNames,
  assessModel,
  dependencyOrder,
  type ModuleAssessment,
  type ModuleConversion,
} from './module-steps.js';
