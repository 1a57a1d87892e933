/** The plan import workflow's steps, as types only (implemented in libs/temporal/src/steps). */
export interface PlanImportSteps {
  /** Marks the import running; answers how many well-formed rows it has to write. */
  beginPlanImport(importId: string): Promise<{ rows: number }>;
  /**
   * Writes rows [offset, offset + count) of the import, each activity in its own transaction, and
   * moves the progress on; answers the ids of the activities it created (none in a dry run). A
   * chunk already recorded is not written again.
   */
  importPlanChunk(importId: string, offset: number, count: number): Promise<{ created: string[] }>;
  /** Marks the import done (or failed, with the reason). */
  finishPlanImport(importId: string, problem: string | null): Promise<void>;
  /**
   * Starts the follow-up workflow of each activity unless it runs already (as creating an activity
   * does), a few at a time; answers how many it asked for.
   */
  startFollowUps(activityIds: string[]): Promise<{ asked: number }>;
}
