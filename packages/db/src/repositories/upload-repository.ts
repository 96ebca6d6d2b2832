/** Uploaded photos: metadata rows (the bytes live in files under DATA_DIR/uploads). */
import type { Scope } from '@gridgov/domain'
import type { Database } from '../database'
import { readSql } from './lists-common'
import { scopeSql } from './query-helpers'

export interface UploadRow { id: string, mime: string, bytes: number, width: number, height: number, uploadedBy: number | null, caseId: number | null, createdAt: number }

export function createUploadRepository({ statement }: Database) {
  return {
    insert(row: UploadRow) {
      statement('INSERT INTO uploads (id, mime, bytes, width, height, uploaded_by, case_id, created_at) VALUES (@id, @mime, @bytes, @width, @height, @uploadedBy, @caseId, @createdAt)').run(row)
    },

    /**
     * The photo if this user may see it: their own upload, or a photo of a case in their scope
     * (the case's grid — or, in the unassigned queue, its community — inside the scope), or of a
     * project in the communities they may read.
     */
    visible(id: string, userId: number, scope: Scope): UploadRow | undefined {
      const inScope = scopeSql(scope, 'coalesce(c.grid_code, c.community_code)')
      // or a progress photo of a project whose community the user may read (lists-common readSql)
      const inProject = readSql(scope, 'p.community_code')
      return statement(`SELECT u.id, u.mime, u.bytes, u.width, u.height, u.uploaded_by AS uploadedBy, u.case_id AS caseId, u.created_at AS createdAt
        FROM uploads u LEFT JOIN cases c ON c.id = u.case_id
        WHERE u.id = ? AND (u.uploaded_by = ? OR (c.id IS NOT NULL AND ${inScope.sql})
          OR EXISTS (SELECT 1 FROM project_photos pp JOIN projects p ON p.id = pp.project_id WHERE pp.upload_id = u.id AND ${inProject.sql}))`).get(id, userId, ...inScope.args, ...inProject.args) as UploadRow | undefined
    },
  }
}

export type UploadRepository = ReturnType<typeof createUploadRepository>
