/**
 * Products, Opportunities and Pipelines (→ stages). The Permissions page names them but documents no paths or
 * shapes: they use the convention-following paths in src/api/minotaur/endpoints.ts (marked unverified), and their
 * schemas are minimal and loose, so whatever the server sends is kept and shown.
 */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../../../api/minotaur/client';
import type { Opportunity, Pipeline, Product, Stage } from '../../../api/minotaur/schemas';
import { displayText } from '../displayText';
import type { FolderSpec, RecordView } from '../folderSpec';
import { recordTooltip } from '../tooltip';
import { minotaurPage } from './paging';
import { t } from '../../../util/l10n';

export const productsFolder: FolderSpec<MinotaurClient, Product> = {
  key: 'products',
  get label() {
    return t('Products');
  },
  icon: 'package',
  requirement: 'products:read',
  filterFields: ['name'],
  searchField: 'name',
  fetchPage: (client, request) =>
    minotaurPage(request, (page, limit) => client.listProducts({ filters: request.filter, page, limit }, request.signal)),
  noun: 'product',
  removeRequirement: 'products:delete',
  remove: (client, id) => client.deleteProduct(id),
  fetchTotal: async (client, request) => (await client.productsMetadata({ filters: request.filter }, request.signal)).totalRecords,
  present: (product) => {
    const name = displayText(product.name) || t('(unnamed product)');
    const price = product.price !== null && product.price !== undefined ? `${displayText(product.price, 20)} ${displayText(product.currency, 5)}`.trim() : '';
    return {
      id: String(product.id),
      label: name,
      description: price,
      icon: new vscode.ThemeIcon('package'),
      contextValue: 'crm.record.product',
      tooltip: recordTooltip(name, [
        [t('Price'), price],
        [t('Description'), product.description],
      ]),
    };
  },
};

export const opportunitiesFolder: FolderSpec<MinotaurClient, Opportunity> = {
  key: 'opportunities',
  get label() {
    return t('Opportunities');
  },
  icon: 'graph',
  requirement: 'opportunities:read',
  filterFields: ['name'],
  searchField: 'name',
  fetchPage: (client, request) =>
    minotaurPage(request, (page, limit) => client.listOpportunities({ filters: request.filter, page, limit }, request.signal)),
  noun: 'opportunity',
  removeRequirement: 'opportunities:delete',
  remove: (client, id) => client.deleteOpportunity(id),
  fetchTotal: async (client, request) => (await client.opportunitiesMetadata({ filters: request.filter }, request.signal)).totalRecords,
  present: (opportunity) => {
    const name = displayText(opportunity.name ?? opportunity.title) || t('(unnamed opportunity)');
    const amount = opportunity.amount !== null && opportunity.amount !== undefined ? displayText(opportunity.amount, 20) : '';
    return {
      id: String(opportunity.id),
      label: name,
      description: amount,
      icon: new vscode.ThemeIcon('graph'),
      contextValue: 'crm.record.opportunity',
      tooltip: recordTooltip(name, [
        [t('Amount'), amount],
        [t('Pipeline'), opportunity.pipeline_id],
        [t('Stage'), opportunity.stage_id],
      ]),
    };
  },
};

export const pipelinesFolder: FolderSpec<MinotaurClient, Pipeline> = {
  key: 'pipelines',
  get label() {
    return t('Pipelines');
  },
  icon: 'git-pull-request',
  requirement: 'pipelines:read',
  fetchPage: (client, request) =>
    minotaurPage(request, (page, limit) => client.listPipelines({ filters: request.filter, page, limit }, request.signal)),
  present: (pipeline) => {
    const name = displayText(pipeline.name ?? pipeline.title) || t('(unnamed pipeline)');
    return {
      id: String(pipeline.id),
      label: name,
      description: pipeline.stages?.length ? `${pipeline.stages.length} stages` : '',
      icon: new vscode.ThemeIcon('git-pull-request'),
      contextValue: 'crm.record.pipeline',
      tooltip: recordTooltip(name, [[t('Id'), pipeline.id]]),
    };
  },
  // Stages come from `GET /pipelines/:id/stages` (stages:read), in their order.
  expand: async (client, pipeline, signal) => {
    const page = await client.pipelineStages(String(pipeline.id), signal);
    return [...page.items].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map(presentStage);
  },
};

function presentStage(stage: Stage): RecordView {
  const name = displayText(stage.name ?? stage.title) || t('(unnamed stage)');
  return {
    id: `stage-${String(stage.id)}`,
    label: name,
    description: stage.position !== null && stage.position !== undefined ? `#${stage.position}` : '',
    icon: new vscode.ThemeIcon('circle-outline'),
    contextValue: 'crm.record.stage',
    tooltip: recordTooltip(name, [[t('Id'), stage.id]]),
  };
}
