import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Samverkan API')
      .setDescription(
        'Uppföljning av samverkansöverenskommelser: målområden, aktiviteter, faser och delmål. ' +
          'Errors always have the shape {statusCode, error, message, details?}.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
}

/** The OpenAPI document without starting anything: Nest's preview mode instantiates no provider. */
export async function openApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false });
  app.setGlobalPrefix('api', { exclude: ['insyn'] });
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}
